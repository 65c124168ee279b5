/**
 * Invariants that need no reference: an allow-only policy for pods that are already isolated can only
 * open paths; with every policy removed everything is allowed.
 */
import fc from 'fast-check';
import { AddressSet, ConnectionSet } from '../../src/engine/index.js';
import { diffConnectivity } from '../../src/engine/diff.js';
import type { RefPolicy } from '../reference/evaluator.js';
import type { Scenario } from './arbitraries.js';
import { NAMESPACE_POOL, policyArb, scenarioArb } from './arbitraries.js';
import { params, runEngine, toYaml } from './harness.js';

type Dir = 'Ingress' | 'Egress';

function types(p: RefPolicy): Dir[] {
  if (p.spec.policyTypes && p.spec.policyTypes.length > 0) return p.spec.policyTypes;
  return p.spec.egress && p.spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/**
 * Base plus one added policy that reuses the namespace and podSelector of an existing policy isolating
 * `dir` (so it selects only pods already isolated in that direction) and only has `dir` rules.
 */
const withAllowOnlyPolicy: fc.Arbitrary<[Scenario, Scenario, Dir]> = scenarioArb
  .filter((s) => s.cluster.policies.length > 0)
  .chain((base) =>
    fc.record({ pick: fc.nat(), dir: fc.constantFrom<Dir>('Ingress', 'Egress'), extra: policyArb([...NAMESPACE_POOL], 'added-allow') }).map(({ pick, dir, extra }) => {
      const isolating = base.cluster.policies.filter((p) => types(p).includes(dir));
      if (isolating.length === 0) return [base, base, dir] as [Scenario, Scenario, Dir];
      const like = isolating[pick % isolating.length];
      const rules = dir === 'Ingress' ? { ingress: extra.spec.ingress ?? [] } : { egress: extra.spec.egress ?? [] };
      const added: RefPolicy = { name: 'added-allow', namespace: like.namespace, spec: { podSelector: like.spec.podSelector, policyTypes: [dir], ...rules } };
      const head: Scenario = { ...base, cluster: { ...base.cluster, policies: [...base.cluster.policies, added] } };
      return [base, head, dir] as [Scenario, Scenario, Dir];
    }),
  );

describe('invariants', () => {
  it('adding a policy that only allows traffic to already-isolated pods never closes a path', () => {
    fc.assert(
      fc.property(withAllowOnlyPolicy, ([base, head]) => {
        const d = diffConnectivity(runEngine(base).conn, runEngine(head).conn);
        const closed = d.pairs.filter((p) => p.closed !== null);
        if (closed.length > 0) throw new Error(`closed ${closed.length} paths, e.g. ${closed[0].closed!.toText()}\n--- head ---\n${toYaml(head)}`);
      }),
      params(60),
    );
  });

  it('removing every policy yields all-allowed', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const e = runEngine({ ...s, cluster: { ...s.cluster, policies: [] } });
        const ids = e.loaded.cluster.workloads.map((w) => w.id);
        const pairRows = e.rows.filter((r) => r.src.type === 'workload' && r.dst.type === 'workload');
        expect(pairRows).toHaveLength(ids.length * (ids.length - 1));
        for (const r of pairRows) expect(r.conn).toBe(ConnectionSet.ALL);
        for (const id of ids) {
          for (const dir of ['src', 'dst'] as const) {
            const ext = e.rows.filter((r) => r[dir].type === 'workload' && (r[dir] as { workload: { id: string } }).workload.id === id && r[dir === 'src' ? 'dst' : 'src'].type === 'external');
            expect(ext).toHaveLength(1);
            expect(ext[0].conn).toBe(ConnectionSet.ALL);
            const peer = ext[0][dir === 'src' ? 'dst' : 'src'];
            expect(peer.type === 'external' && peer.addresses.equals(AddressSet.ALL)).toBe(true);
          }
        }
        const self = e.conn.index.classes.map((c) => e.conn.pairs.size === 0 && c.index >= 0);
        expect(self.every(Boolean)).toBe(true);
      }),
      params(40),
    );
  });
});
