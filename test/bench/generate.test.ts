/** The benchmark's repo generator: deterministic, and what it writes is valid for the loader. No timings here. */
import { generateRepo, mulberry32 } from '../../bench/generate.js';
import { loadManifests } from '../../src/manifests/load.js';

describe('bench generator', () => {
  test('mulberry32 is a fixed sequence per seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(8)()).not.toBe(xs[0]);
  });

  test('same seed and size give the same files; another seed gives others', () => {
    const one = generateRepo({ workloads: 300, seed: 5 });
    const two = generateRepo({ workloads: 300, seed: 5 });
    expect(two.base).toEqual(one.base);
    expect(two.head).toEqual(one.head);
    expect(two.stats).toEqual(one.stats);
    const other = generateRepo({ workloads: 300, seed: 6 });
    expect(other.base.map((f) => f.text).join('')).not.toBe(one.base.map((f) => f.text).join(''));
  });

  test.each([100, 400])('%i workloads: the loader reads base and head without a diagnostic', (size) => {
    const repo = generateRepo({ workloads: size });
    const base = loadManifests(repo.base);
    const head = loadManifests(repo.head);
    expect(base.diagnostics).toEqual([]);
    expect(head.diagnostics).toEqual([]);
    expect(base.cluster.workloads).toHaveLength(size);
    expect(repo.stats.workloads).toBe(size);
    // Policies about a fifth of the workloads; every namespace default-denies both directions.
    expect(base.cluster.policies.length).toBeGreaterThanOrEqual(size / 6);
    expect(base.cluster.policies.length).toBeLessThanOrEqual(size / 4);
    const teamNamespaces = base.cluster.namespaces.filter((n) => n.labels.team !== 'platform');
    const denies = base.cluster.policies.filter((p) => p.name === 'default-deny' && p.affects.ingress && p.affects.egress);
    expect(denies).toHaveLength(teamNamespaces.length);
    expect(base.cluster.services.length).toBeGreaterThan(0);
    expect(base.cluster.ingressBackends.length).toBeGreaterThan(0);
    // Selectors beyond matchLabels, ipBlocks with excepts, DNS egress.
    const peers = base.cluster.policies.flatMap((p) => [...p.ingress, ...p.egress]).flatMap((r) => (r.peers === 'any' ? [] : r.peers));
    expect(peers.some((p) => p.kind === 'pods' && p.pods.expressions.length > 0)).toBe(true);
    expect(peers.some((p) => p.kind === 'ipBlock' && p.cidr === '10.0.0.0/8')).toBe(true);
    expect(base.cluster.policies.filter((p) => p.name === 'allow-dns')).toHaveLength(teamNamespaces.length);
    // The head is a pull-request-sized change: one workload more, a handful of policies touched.
    expect(head.cluster.workloads).toHaveLength(size + 1);
    const baseTexts = new Map(repo.base.map((f) => [f.path, f.text]));
    const headTexts = new Map(repo.head.map((f) => [f.path, f.text]));
    const changed = [...new Set([...baseTexts.keys(), ...headTexts.keys()])].filter((p) => baseTexts.get(p) !== headTexts.get(p));
    expect(changed.length).toBeGreaterThanOrEqual(5);
    expect(changed.length).toBeLessThanOrEqual(12);
  });
});
