/**
 * touchedWorkloads compares workload and policy lists by aligning identical objects first
 * (engine/keyed-changes.ts); these cases hold it to the comparison by id it replaces (every base object
 * against head's last of its id, every object of a namespace whose labels changed), over lists
 * reordered, shortened, extended and edited, with a repeated id in base and with relabelled namespaces.
 */
import { computeConnectivity } from '../../src/engine/index.js';
import type { Cluster, Connectivity, Workload } from '../../src/engine/index.js';
import { same, touchedWorkloads } from '../../src/engine/touched.js';
import { loadManifests } from '../../src/manifests/load.js';
import { app, deployment, manifests, namespace, policy } from './fixtures.js';

/** The comparison by id, as touched.ts made it before: what the aligned one must give. */
function byIdReference(base: Connectivity, head: Connectivity): Set<string> {
  const changedNs = new Set<string>();
  for (const [name, ns] of base.index.namespaces) {
    const other = head.index.namespaces.get(name);
    if (!other || !same(ns.labels, other.labels)) changedNs.add(name);
  }
  for (const name of head.index.namespaces.keys()) if (!base.index.namespaces.has(name)) changedNs.add(name);
  const out = new Set<string>();
  const h = new Map(head.cluster.workloads.map((w) => [w.id, w]));
  const b = new Map(base.cluster.workloads.map((w) => [w.id, w]));
  for (const w of base.cluster.workloads) {
    const other = h.get(w.id);
    if (!other || changedNs.has(w.namespace) || !same(w, other)) out.add(w.id);
  }
  for (const w of head.cluster.workloads) if (!b.has(w.id) || changedNs.has(w.namespace)) out.add(w.id);
  const hp = new Map(head.cluster.policies.map((p) => [p.id, p]));
  const bp = new Map(base.cluster.policies.map((p) => [p.id, p]));
  const ids = [...base.cluster.policies.filter((p) => !hp.has(p.id) || !same(p, hp.get(p.id))).map((p) => p.id), ...head.cluster.policies.filter((p) => !bp.has(p.id)).map((p) => p.id)];
  for (const id of ids) {
    for (const side of [base, head]) for (const c of side.compiled.subjectsOf.get(id) ?? []) for (const w of side.index.classes[c].workloads) out.add(w.id);
  }
  return out;
}

const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const base = loadManifests([
  {
    path: 'all.yaml',
    text: manifests(
      namespace('x', { team: 'red' }),
      namespace('y', { team: 'blue' }),
      ...names.map((n, i) => deployment(i % 2 ? 'x' : 'y', n, { app: n })),
      policy('x', 'deny-b', { podSelector: app('b'), policyTypes: ['Ingress'] }),
      policy('y', 'allow-c', { podSelector: app('c'), ingress: [{ from: [{ podSelector: app('a') }] }] }),
    ),
  },
]).cluster;

const relabelled = (w: Workload): Workload => ({ ...w, podLabels: { ...w.podLabels, tier: 'new' } });
const copied = (w: Workload): Workload => ({ ...w });

function check(head: Cluster, from: Cluster = base): void {
  const b = computeConnectivity(from);
  const h = computeConnectivity(head);
  expect([...touchedWorkloads(b, h)!].sort()).toEqual([...byIdReference(b, h)].sort());
}

describe('touchedWorkloads over aligned lists', () => {
  const ws = base.workloads;
  it('matches the comparison by id for removed, added, edited, copied and moved workloads', () => {
    check({ ...base, workloads: ws.filter((_, i) => i !== 3) });
    check({ ...base, workloads: [...ws, { ...ws[0], id: 'x/new[Deployment]', name: 'new' }] });
    check({ ...base, workloads: ws.map((w, i) => (i === 2 ? relabelled(w) : i === 5 ? copied(w) : w)) });
    check({ ...base, workloads: [...ws.slice(1), ws[0]] });
    check({ ...base, workloads: [...ws].reverse() });
    check({ ...base, policies: base.policies.slice(1) });
    check({ ...base, policies: [...base.policies].reverse(), workloads: ws.slice(2) });
  });

  it('matches it when base repeats an id, and when a namespace is relabelled', () => {
    const repeated: Cluster = { ...base, workloads: [relabelled(ws[1]), ...ws] };
    check({ ...base, workloads: ws }, repeated);
    check(repeated, { ...base, workloads: ws });
    const ns = base.namespaces.map((n) => (n.name === 'x' ? { ...n, labels: { ...n.labels, team: 'green' } } : n));
    check({ ...base, namespaces: ns, workloads: ws.filter((_, i) => i !== 4) });
  });
});
