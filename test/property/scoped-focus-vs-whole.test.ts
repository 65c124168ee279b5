/**
 * A changed cluster-scoped part focuses the namespaces it applies to (region-focus.ts; inside its subject
 * inside-subjects.ts, outside it outside-subjects.ts with the stand-in for the namespaces the manifests do not
 * know), where a changed cluster-wide policy still cuts the whole cluster by every selector. For random clusters
 * of NetworkPolicies and Cilium policies whose Cilium policies change (replaced, or one dropped), half of them
 * beside a clusterwide policy isolating every pod's egress and ingress on both sides (where inside-subjects.ts
 * leaves policies out), both cuts tell the same story wherever both can place a pod: each pair between
 * workloads and pods of the namespaces the manifests know (each region of one cut located in the other by its
 * representative) opens and closes the same ports in both diffs.
 */
import fc from 'fast-check';
import type { PairDiff, PeerRef, RegionSet } from '../../src/engine/index.js';
import { DEFAULT_MAX_BOXES, buildRegions, computeConnectivity, diffConnectivity, regionFocus } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { RefCiliumPolicy } from '../reference/cilium.js';
import type { Scenario } from './arbitraries.js';
import { ciliumScenarioArb } from './cilium-arbitraries.js';
import { params, toYaml } from './harness.js';

/** Isolates every pod of every namespace both ways, admitting only pods labelled app=a (Cilium default mode). */
const BLANKET = {
  kind: 'CiliumClusterwideNetworkPolicy',
  name: 'blanket',
  spec: { endpointSelector: {}, egress: [{ toEndpoints: [{ matchLabels: { app: 'a' } }] }], ingress: [{ fromEndpoints: [{ matchLabels: { app: 'a' } }] }] },
} as unknown as RefCiliumPolicy;

const change: fc.Arbitrary<[Scenario, Scenario]> = fc
  .record({ base: ciliumScenarioArb, other: ciliumScenarioArb, drop: fc.option(fc.nat(), { nil: undefined }), blanket: fc.boolean() })
  .map(({ base, other, drop, blanket }) => {
    // Without deny rules: those are cluster-wide policies (Admin tier), whose change cuts the whole cluster anyway.
    const allowOnly = (ps: readonly RefCiliumPolicy[] | undefined) => (ps ?? []).map((p) => ({ ...p, spec: { ...p.spec, ingressDeny: undefined, egressDeny: undefined } }));
    const own = allowOnly(base.cluster.ciliumPolicies);
    const changed = drop === undefined ? allowOnly(other.cluster.ciliumPolicies) : own.filter((_, i) => i !== drop % Math.max(1, own.length));
    const extra = blanket ? [BLANKET] : [];
    return [
      { ...base, cluster: { ...base.cluster, ciliumPolicies: [...own, ...extra] } },
      { ...base, cluster: { ...base.cluster, ciliumPolicies: [...changed, ...extra] } },
    ];
  });

/** A pair's ends as keys another cut can find: a workload by id, a region of a known namespace by the region `locate` gives its representative there. */
function endKey(end: PeerRef, own: RegionSet, other: RegionSet): string | undefined {
  if (end.type === 'workload') return `w ${end.workload.id}`;
  if (end.type !== 'pods' || end.region === undefined) return undefined;
  const r = own.regions[end.region];
  if (!r.known) return undefined;
  const there = other.locate(r.namespace, r.podLabels);
  return there === undefined ? undefined : `r ${r.namespace} ${there}`;
}

const text = (c: PairDiff['opened']) => (c ? JSON.stringify(c.toJSON()) : '-');

describe('a changed cluster-scoped part: its focus and the whole cut agree', () => {
  it('every pair both cuts can place opens and closes the same ports', () => {
    let compared = 0;
    fc.assert(
      fc.property(change, ([base, head]) => {
        const [b, h] = [base, head].map((s) => loadManifests([{ path: 'c.yaml', text: toYaml(s) }]).cluster);
        const focus = regionFocus(b, h);
        if (focus.namespaces === null) return;
        const focused = buildRegions([b, h], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects, undefined, focus.first);
        const whole = buildRegions([b, h], DEFAULT_MAX_BOXES, null);
        if (focused.incomplete || whole.incomplete || whole.regions.length > 600) return;
        const diff = (regions: RegionSet) => diffConnectivity(computeConnectivity(b, regions), computeConnectivity(h, regions), { regions, sorted: false });
        const [df, dw] = [diff(focused), diff(whole)];
        if (df.regionPairsCut !== undefined || dw.regionPairsCut !== undefined) return;
        // Each diff's changed pairs in the other cut's terms (its regions located there by their representatives).
        const keyed = (pairs: readonly PairDiff[], own: RegionSet, other: RegionSet) =>
          pairs.flatMap((p) => {
            const [s, d] = [endKey(p.src, own, other), endKey(p.dst, own, other)];
            return s === undefined || d === undefined ? [] : [[`${s} -> ${d}`, `${text(p.opened)} ${text(p.closed)}`] as const];
          });
        const problems: string[] = [];
        const check = (pairs: readonly PairDiff[], own: RegionSet, other: RegionSet, otherPairs: readonly PairDiff[], name: string) => {
          const there = new Map(keyed(otherPairs, other, other));
          for (const [k, v] of keyed(pairs, own, other)) if ((there.get(k) ?? '- -') !== v) problems.push(`${name} ${k}: ${v}, the other cut ${there.get(k) ?? 'no change'}`);
        };
        check(dw.pairs, whole, focused, df.pairs, 'whole cut');
        check(df.pairs, focused, whole, dw.pairs, 'focused cut');
        const fromWhole = keyed(dw.pairs, whole, focused);
        compared += fromWhole.length;
        if (problems.length > 0) throw new Error(`${problems.slice(0, 5).join('\n')}\n--- base ---\n${toYaml(base)}\n--- head ---\n${toYaml(head)}`);
      }),
      params(60),
    );
    expect(compared).toBeGreaterThan(0);
  });
});
