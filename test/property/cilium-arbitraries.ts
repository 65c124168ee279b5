/**
 * fast-check generators of CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (L3/L4), mixed into the
 * NetworkPolicy clusters of arbitraries.ts: endpoint selectors over the pods' label keys (with `k8s:` / `any:`
 * source prefixes), namespace constraints by `io.kubernetes.pod.namespace` (matchLabels or matchExpressions)
 * and, clusterwide, `io.cilium.k8s.namespace.labels.<key>`; allow and deny rules with endpoints, CIDRs (with
 * except), entities world / cluster / all, or no L3 field; toPorts entries (some without ports) with TCP / UDP / SCTP / ANY, numbers,
 * ranges, names and port 0; enableDefaultDeny written or not.
 */
import fc from 'fast-check';
import type { RefRequirement, RefSelector } from '../reference/evaluator.js';
import type { RefCiliumPolicy, RefCiliumPortProtocol, RefCiliumRule } from '../reference/cilium.js';
import type { Scenario } from './arbitraries.js';
import { NAMESPACE_POOL, PORT_NAMES, PORT_POOL, cidrArb, ipBlockArb, podSelector, scenarioArb, stripUndefined } from './arbitraries.js';

const NS_KEY = 'io.kubernetes.pod.namespace';
const prefix = fc.constantFrom('', '', 'k8s:', 'any:');

/** A pod selector whose keys may carry a source prefix. */
const podPart: fc.Arbitrary<RefSelector> = fc.tuple(podSelector, prefix).map(([s, p]) => ({
  matchLabels: Object.fromEntries(Object.entries(s.matchLabels ?? {}).map(([k, v]) => [p + k, v])),
  matchExpressions: (s.matchExpressions ?? []).map((r) => ({ ...r, key: p + r.key })),
}));

/** A namespace constraint: none, by name (matchLabels or an expression), or (clusterwide) by namespace labels. */
function namespacePart(clusterwide: boolean): fc.Arbitrary<RefSelector> {
  const options: fc.Arbitrary<RefSelector>[] = [
    fc.constant({}),
    fc.tuple(prefix, fc.constantFrom(...NAMESPACE_POOL, 'ns4')).map(([p, ns]) => ({ matchLabels: { [p + NS_KEY]: ns } })),
    fc
      .record({ p: prefix, operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(fc.constantFrom(...NAMESPACE_POOL, 'ns4'), { minLength: 1, maxLength: 2 }) })
      .map(({ p, operator, values }): RefSelector => ({ matchExpressions: [{ key: p + NS_KEY, operator, values }] })),
    fc.constant({ matchExpressions: [{ key: NS_KEY, operator: 'Exists' as const }] }),
  ];
  if (clusterwide) {
    options.push(
      fc.record({ k: fc.constantFrom('app', 'tier', 'env'), v: fc.constantFrom('a', 'b', 'c') }).map(({ k, v }) => ({ matchLabels: { [`io.cilium.k8s.namespace.labels.${k}`]: v } })),
      fc.record({ k: fc.constantFrom('app', 'tier', 'env'), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }).map(({ k, operator }): RefSelector => ({ matchExpressions: [{ key: `io.cilium.k8s.namespace.labels.${k}`, operator }] })),
    );
  }
  return fc.oneof(...options);
}

function merge(a: RefSelector, b: RefSelector): RefSelector {
  const exprs: RefRequirement[] = [...(a.matchExpressions ?? []), ...(b.matchExpressions ?? [])];
  return stripUndefined({ matchLabels: { ...(a.matchLabels ?? {}), ...(b.matchLabels ?? {}) }, matchExpressions: exprs.length ? exprs : undefined });
}

const endpointSelector = (clusterwide: boolean) => fc.tuple(podPart, namespacePart(clusterwide)).map(([p, n]) => merge(p, n));

const portProtocol: fc.Arbitrary<RefCiliumPortProtocol> = fc.oneof(
  fc.record({ port: fc.constantFrom(...PORT_POOL, 0).map(String), protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const, 'ANY' as const) }, { requiredKeys: ['port'] }),
  fc.record({ a: fc.constantFrom(...PORT_POOL), b: fc.constantFrom(...PORT_POOL), protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'ANY' as const) }).map(({ a, b, protocol }) => ({ port: String(Math.min(a, b)), endPort: Math.max(a, b), protocol })),
  fc.record({ port: fc.constantFrom(...PORT_NAMES), protocol: fc.constantFrom('TCP' as const, 'UDP' as const, 'ANY' as const) }, { requiredKeys: ['port'] }),
);

function ruleArb(ingress: boolean, clusterwide: boolean): fc.Arbitrary<RefCiliumRule> {
  const [eps, cidr, set, ents] = ingress ? ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities'] : ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities'];
  const l3: fc.Arbitrary<RefCiliumRule> = fc.oneof(
    fc.constant({}),
    fc.array(endpointSelector(clusterwide), { minLength: 1, maxLength: 2 }).map((s) => ({ [eps]: s })),
    fc.array(cidrArb, { minLength: 1, maxLength: 2 }).map((c) => ({ [cidr]: c })),
    fc.array(ipBlockArb, { minLength: 1, maxLength: 2 }).map((b) => ({ [set]: b.map((x) => x.ipBlock!) })),
    fc.uniqueArray(fc.constantFrom('world' as const, 'cluster' as const, 'all' as const), { minLength: 1, maxLength: 2 }).map((e) => ({ [ents]: e })),
  );
  const ports = fc.option(fc.array(fc.array(portProtocol, { minLength: 0, maxLength: 2 }).map((p) => (p.length > 0 ? { ports: p } : {})), { minLength: 1, maxLength: 2 }), { nil: undefined });
  return fc.tuple(l3, ports).map(([r, p]) => (p ? { ...r, toPorts: p } : r));
}

const rules = (ingress: boolean, clusterwide: boolean) => fc.option(fc.array(ruleArb(ingress, clusterwide), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 });

function policyArb(clusterwide: boolean, name: string): fc.Arbitrary<RefCiliumPolicy> {
  return fc
    .record({
      namespace: fc.constantFrom(...NAMESPACE_POOL, 'ns4'),
      endpointSelector: clusterwide ? endpointSelector(true) : podPart,
      ingress: rules(true, clusterwide),
      egress: rules(false, clusterwide),
      ingressDeny: fc.option(fc.array(ruleArb(true, clusterwide), { minLength: 1, maxLength: 1 }), { nil: undefined, freq: 4 }),
      egressDeny: fc.option(fc.array(ruleArb(false, clusterwide), { minLength: 1, maxLength: 1 }), { nil: undefined, freq: 4 }),
      enableDefaultDeny: fc.option(fc.record({ ingress: fc.boolean(), egress: fc.boolean() }, { requiredKeys: [] }), { nil: undefined, freq: 3 }),
    })
    .map(({ namespace, endpointSelector: es, ...spec }) => ({
      kind: clusterwide ? ('CiliumClusterwideNetworkPolicy' as const) : ('CiliumNetworkPolicy' as const),
      name,
      ...(clusterwide ? {} : { namespace }),
      spec: stripUndefined({ endpointSelector: es, ...spec }),
    }));
}

/** Up to three Cilium policies of either kind. */
const ciliumPoliciesArb: fc.Arbitrary<RefCiliumPolicy[]> = fc
  .array(fc.boolean(), { minLength: 1, maxLength: 3 })
  .chain((kinds) => fc.tuple(...kinds.map((clusterwide, i) => policyArb(clusterwide, `c${i}`))));

/** A NetworkPolicy cluster with Cilium policies beside. */
export const ciliumScenarioArb: fc.Arbitrary<Scenario> = fc.tuple(scenarioArb, ciliumPoliciesArb).map(([s, ciliumPolicies]) => ({ ...s, cluster: { ...s.cluster, ciliumPolicies } }));
