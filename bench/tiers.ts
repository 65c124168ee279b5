/**
 * `npm run bench:tiers [-- --sizes 10000 --runs 7]`: the engine (computeConnectivity of base and head +
 * diffConnectivity) on the generated repository, without and with 50 Admin + 10 Baseline cluster-wide
 * policies (bench/cluster-policies.ts) on both sides; CPU ms, medians, and their ratio (target ≤ 1.5), with
 * the 1-minute load average at the end (the machine may be shared: CPU times scatter under load).
 */
import { loadavg } from 'node:os';
import { computeConnectivity } from '../src/engine/index.js';
import { diffConnectivity } from '../src/engine/diff.js';
import { loadManifests } from '../src/manifests/load.js';
import { clusterPolicyFiles } from './cluster-policies.js';
import { generateRepo } from './generate.js';
import { arg, cpu, median } from './measure.js';

const sizes = arg('sizes', '10000').split(',').map(Number);
const runs = Number(arg('runs', '7'));

for (const size of sizes) {
  const repo = generateRepo({ workloads: size, seed: 42 });
  const plainBase = loadManifests(repo.base);
  const labels = plainBase.cluster.namespaces.map((n) => n.labels);
  const teams = [...new Set(labels.map((l) => l.team).filter(Boolean))].sort();
  const envs = [...new Set(labels.map((l) => l.env).filter(Boolean))].sort();
  const tierFiles = clusterPolicyFiles({ admin: 50, baseline: 10, teams, envs });
  const plainHead = loadManifests(repo.head);
  const tieredBase = loadManifests([...repo.base, ...tierFiles]);
  const tieredHead = loadManifests([...repo.head, ...tierFiles]);
  const errors = tieredBase.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`generated cluster-wide policies rejected: ${errors.map((d) => d.message).join('; ')}`);
  const engine = (b: typeof plainBase, h: typeof plainHead) => {
    const t = cpu();
    const cb = computeConnectivity(b.cluster);
    const ch = computeConnectivity(h.cluster);
    const d = diffConnectivity(cb, ch);
    return { ms: cpu() - t, pairs: cb.pairs.size + ch.pairs.size, changed: d.pairs.length };
  };
  const plain: number[] = [];
  const tiered: number[] = [];
  let info = { plain: engine(plainBase, plainHead), tiered: engine(tieredBase, tieredHead) };
  for (let r = 0; r < runs; r++) {
    // Alternate the order so that warm-up and garbage collection fall on both alike.
    const a = r % 2 === 0 ? engine(plainBase, plainHead) : undefined;
    const t = engine(tieredBase, tieredHead);
    const b = a ?? engine(plainBase, plainHead);
    plain.push(b.ms);
    tiered.push(t.ms);
    info = { plain: b, tiered: t };
  }
  const p = median(plain);
  const t = median(tiered);
  console.log(
    JSON.stringify({
      workloads: size,
      policies: plainBase.cluster.policies.length,
      clusterPolicies: tieredBase.cluster.clusterPolicies?.length ?? 0,
      engineCpuMs: Math.round(p),
      tieredEngineCpuMs: Math.round(t),
      ratio: Math.round((t / p) * 100) / 100,
      materialisedPairs: { plain: info.plain.pairs, tiered: info.tiered.pairs },
      changedPairs: { plain: info.plain.changed, tiered: info.tiered.changed },
      runs,
      loadAverage: Math.round(loadavg()[0] * 10) / 10,
    }),
  );
}
