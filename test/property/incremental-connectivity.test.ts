/**
 * A connectivity computed after others over the same class index (reusing their compiled policies and
 * NetworkPolicy rows: compile.ts, direction-rows.ts) equals one computed from scratch, on random base /
 * head / reverted-head sequences with NetworkPolicies, cluster-wide tier policies, Services, Ingresses and
 * abstract peers (regions of label space). Each object is its own file, so unchanged files give every side
 * the very same objects, and sides with the same workloads share the index (class-index-reuse.ts); one more
 * side puts head's policies over base's very workloads, so that head's edited policies meet base's index,
 * and one edits base's policies in place (another spec under the same name). With abstract peers every side
 * is computed over two sets of regions in turn (a warm process's pushes: rules that reach no region are
 * shared by every index over the same workloads), and its compiled policies equal those compiled over a
 * copy of its index, which compile.ts does not know as extending the workloads' index (and so do its
 * ingress controller's routes, ingress-controller.ts).
 * Between computations every rule is asked for its connections toward every class (as explanations do),
 * which must not leak into a later computation's diagnostics.
 */
import fc from 'fast-check';
import type { Cluster, Connectivity, RegionSet } from '../../src/engine/index.js';
import { buildRegions, computeConnectivity } from '../../src/engine/index.js';
import type { AddressSet } from '../../src/engine/address-set.js';
import { isFree } from '../../src/engine/connectivity.js';
import { compilePolicies } from '../../src/engine/compile.js';
import { ingressControllerReach } from '../../src/engine/ingress-controller.js';
import { loadManifests } from '../../src/manifests/load.js';
import { params } from './harness.js';
import { objectFiles, revertClusters, revertSequence } from './object-files.js';
import { smallTieredScenarioArb } from './tier-arbitraries.js';
import { copiedCluster } from '../helpers/copied-cluster.js';

const sequence = revertSequence(smallTieredScenarioArb);

const addresses = (a: AddressSet) => a.intervals.map((iv) => iv.join('-')).join(',');

const ruleShape = (r: Connectivity['compiled']['rules'][number]) => `${r.policy.id} ${r.direction}[${r.index}] ${r.peerClasses.join(',')} ${addresses(r.peerAddresses)} ${r.fromAnyPod}`;

/**
 * Everything a connectivity says, as plain data, its classes in the order of `order` (by default its own):
 * `order[p]` is the class at position `p`, class numbers inside (rules' peers, subjects) are told by
 * position. An index extended by added workloads numbers them after the classes it extends
 * (peer-classes.ts `withWorkloads`), where a fresh build numbers them by their place in the list: the
 * same classes in another order.
 */
function facts(conn: Connectivity, order: readonly number[] = conn.index.classes.map((_, i) => i)): unknown {
  const at = new Map(order.map((cls, p) => [cls, p]));
  const pos = (cls: number) => at.get(cls)!;
  const byPos = <T>(list: readonly T[]) => order.map((cls) => list[cls]);
  const shape = (r: Connectivity['compiled']['rules'][number]) => `${r.policy.id} ${r.direction}[${r.index}] ${r.peerClasses.map(pos).sort((a, b) => a - b).join(',')} ${addresses(r.peerAddresses)} ${r.fromAnyPod}`;
  const pairs: string[] = [];
  for (const s of order) for (const d of order) pairs.push(conn.pairs.conn(s, d).key);
  const perDirection = <T>(f: (direction: 'ingress' | 'egress') => T) => ({ ingress: f('ingress'), egress: f('egress') });
  return {
    classes: byPos(conn.index.classes).map((c) => `${c.namespace} ${JSON.stringify(c.podLabels)} ${c.workloads.map((w) => w.id).join(',')} ${c.region?.namespace ?? ''}`),
    pairs,
    defaults: perDirection((d) => byPos(conn.defaults[d]).map((c) => c.key)),
    free: perDirection((d) => order.map((cls) => isFree(conn, d, cls))),
    external: perDirection((d) => byPos(conn.external[d]).map((pieces) => pieces.map((p) => `${addresses(p.addresses)}:${p.conn.key}`))),
    ingressController: byPos(conn.ingressController).map((c) => c.key),
    ingressRoutes: byPos(conn.ingressRoutes).map((c) => c.key),
    ingressBackends: byPos(conn.ingressBackends).map((bs) => bs.map((b) => `${b.namespace}/${b.ingress}/${b.service}:${String(b.port)}`)),
    diagnostics: conn.diagnostics,
    rules: conn.compiled.rules.map(shape),
    rulesOf: perDirection((d) => byPos(conn.compiled.rulesOf[d]).map((list) => list.map(shape))),
    capturedBy: perDirection((d) => byPos(conn.compiled.capturedBy[d]).map((list) => list.map((p) => p.id))),
    subjectsOf: [...conn.compiled.subjectsOf].map(([id, subjects]) => [id, subjects.map(pos).sort((a, b) => a - b)]),
  };
}

/** For each class of `fresh`, the class of `conn` that is the same (its workloads, or its region): `conn`'s classes in `fresh`'s order. */
function orderOf(conn: Connectivity, fresh: Connectivity): number[] {
  const key = (c: Connectivity['index']['classes'][number]) => (c.region ? `region ${c.region.index}` : `${c.namespace} ${c.workloads.map((w) => w.id).join(',')}`);
  const mine = new Map(conn.index.classes.map((c) => [key(c), c.index]));
  return fresh.index.classes.map((c) => mine.get(key(c)) ?? -1);
}

/** What compilePolicies says, as plain data. */
function compiledFacts(compiled: Connectivity['compiled']): unknown {
  const perDirection = <T>(f: (direction: 'ingress' | 'egress') => T) => ({ ingress: f('ingress'), egress: f('egress') });
  return {
    rules: compiled.rules.map(ruleShape),
    rulesOf: perDirection((d) => compiled.rulesOf[d].map((list) => list.map(ruleShape))),
    capturedBy: perDirection((d) => compiled.capturedBy[d].map((list) => list.map((p) => p.id))),
    subjectsOf: [...compiled.subjectsOf],
  };
}

/** Asks every rule for its connections toward every class and toward addresses, as explanations do. */
function askEveryRule(conn: Connectivity): void {
  for (const rule of conn.compiled.rules) {
    rule.conns(null);
    for (const cls of conn.index.classes) rule.conns(cls);
  }
}

describe('connectivity over an index computed before', () => {
  it('equals the connectivity computed from scratch', () => {
    let reusedIndex = 0;
    let cases = 0;
    fc.assert(
      fc.property(sequence, (s) => {
        const { other, abstract } = s;
        const { base: b, head: h, after: a } = revertClusters(s);
        const headOverBase: Cluster = { ...h, namespaces: b.namespaces, workloads: b.workloads };
        // Base's policies edited in place: the other cluster's specs under base's names (same ids, new objects).
        const o = loadManifests(objectFiles(other)).cluster;
        const edited: Cluster = { ...b, policies: b.policies.map((p, i) => (o.policies.length > 0 ? { ...o.policies[i % o.policies.length], id: p.id, namespace: p.namespace, name: p.name } : p)) };
        // With abstract peers, a second set of regions over the same workloads (a next push's: others cut
        // them), whose index extends the same workloads' index and shares its rules and rows (compile.ts).
        const regionSets: (RegionSet | undefined)[] = abstract ? [buildRegions([b, h]), buildRegions([h, a, o])] : [undefined];
        const sides = [b, h, a, headOverBase, edited, b];
        // First every side in turn over the indices they share, then each from scratch (copies build their
        // own index, and would push the shared ones out of class-index-reuse.ts's few recent entries).
        const reused = regionSets.flatMap((regions) =>
          sides.map((c) => {
            const conn = computeConnectivity(c, regions);
            askEveryRule(conn);
            return conn;
          }),
        );
        cases++;
        if (reused.slice(1).some((conn, i) => reused.slice(0, i + 1).some((before) => before.index === conn.index))) reusedIndex++;
        const fresh = regionSets.flatMap((regions) => sides.map((c) => computeConnectivity(copiedCluster(c), regions)));
        reused.forEach((conn, i) => {
          const side = sides[i % sides.length];
          // A copy of the index is not known as extending the workloads' index: every policy is compiled over it.
          const direct = compilePolicies({ ...conn.index }, copiedCluster(side).policies);
          expect(compiledFacts(conn.compiled)).toEqual(compiledFacts(direct));
          const routed = ingressControllerReach(side, { ...conn.index }, (cls) => conn.defaults.ingress[cls.index], []);
          expect(routed.routes.map((c) => c.key)).toEqual(conn.ingressRoutes.map((c) => c.key));
          expect(routed.backends).toEqual(conn.ingressBackends);
          // Sides without workloads and namespaces share one index whatever their objects.
          if (side.workloads.length + side.namespaces.length > 0) expect(fresh[i].index).not.toBe(conn.index);
          expect(facts(conn, orderOf(conn, fresh[i]))).toEqual(facts(fresh[i]));
        });
      }),
      params(100),
    );
    // headOverBase always shares base's index; the property must not pass by never reusing one.
    expect(reusedIndex).toBe(cases);

  });
});
