/**
 * fast-check generators of cluster-wide policies, mixed into the NetworkPolicy clusters of
 * arbitraries.ts: AdminNetworkPolicy, BaselineAdminNetworkPolicy (`default`) and ClusterNetworkPolicy
 * of both tiers, priorities from a pool of three (so equal priorities meet), every action, namespaces /
 * pods / networks peers (v1alpha1 also the older namespaceSelector / sameLabels / notSameLabels form), v1alpha1 ports and v1alpha2 protocols with numbers, ranges and names.
 */
import fc from 'fast-check';
import type { RefAnpPort, RefClusterPolicy, RefClusterPolicyKind, RefCnpProtocol, RefNamespacedPeer, RefTierPeer, RefTierRule } from '../reference/tiers.js';
import type { Scenario } from './arbitraries.js';
import { PORT_NAMES, PORT_POOL, basePlusHead, basePlusHeadOf, cidrArb, clusterArb, namespaceSelector, podSelector, scenarioArb, stripUndefined } from './arbitraries.js';

const protocolField = fc.option(fc.constantFrom('TCP' as const, 'UDP' as const, 'SCTP' as const), { nil: undefined });

/** The older v1alpha1 NamespacedPeer: namespaceSelector, or sameLabels / notSameLabels over the namespaces' label keys. */
const namespacedPeer: fc.Arbitrary<RefNamespacedPeer> = fc.oneof(
  namespaceSelector.map((n) => ({ namespaceSelector: n })),
  fc.uniqueArray(fc.constantFrom('app', 'tier', 'env', 'kubernetes.io/metadata.name'), { maxLength: 2 }).map((keys) => ({ sameLabels: keys })),
  fc.uniqueArray(fc.constantFrom('app', 'tier', 'env', 'kubernetes.io/metadata.name'), { maxLength: 2 }).map((keys) => ({ notSameLabels: keys })),
);

function peerArb(egress: boolean, kind: RefClusterPolicyKind): fc.Arbitrary<RefTierPeer> {
  const pods = fc.record({ namespaceSelector, podSelector }, { requiredKeys: [] }).map((p) => ({ pods: stripUndefined(p) }));
  const options: fc.Arbitrary<RefTierPeer>[] = [namespaceSelector.map((n) => ({ namespaces: n })), pods];
  if (kind !== 'ClusterNetworkPolicy') {
    options.push(namespacedPeer.map((n) => ({ namespaces: n })));
    options.push(fc.record({ namespaces: namespacedPeer, podSelector }).map((p) => ({ pods: p })));
  }
  if (egress) options.push(fc.uniqueArray(cidrArb, { minLength: 1, maxLength: 2 }).map((networks) => ({ networks })));
  return fc.oneof(...options);
}

const anpPort: fc.Arbitrary<RefAnpPort> = fc.oneof(
  fc.record({ protocol: protocolField, port: fc.constantFrom(...PORT_POOL) }).map((p) => ({ portNumber: stripUndefined(p) })),
  fc.constantFrom(...PORT_NAMES).map((n) => ({ namedPort: n })),
  fc
    .record({ protocol: protocolField, a: fc.constantFrom(...PORT_POOL), b: fc.constantFrom(...PORT_POOL) })
    .map(({ protocol, a, b }) => ({ portRange: stripUndefined({ protocol, start: Math.min(a, b), end: Math.max(a, b) }) })),
);

const cnpProtocol: fc.Arbitrary<RefCnpProtocol> = fc.oneof(
  fc.record({ proto: fc.constantFrom('tcp' as const, 'udp' as const, 'sctp' as const), number: fc.constantFrom(...PORT_POOL) }).map(({ proto, number }) => ({ [proto]: { destinationPort: { number } } })),
  fc
    .record({ proto: fc.constantFrom('tcp' as const, 'udp' as const, 'sctp' as const), a: fc.constantFrom(...PORT_POOL), b: fc.constantFrom(...PORT_POOL) })
    .filter(({ a, b }) => a !== b)
    .map(({ proto, a, b }) => ({ [proto]: { destinationPort: { range: { start: Math.min(a, b), end: Math.max(a, b) } } } })),
  fc.constantFrom(...PORT_NAMES).map((n) => ({ destinationNamedPort: n })),
);

const ACTIONS: Record<RefClusterPolicyKind, string[]> = {
  AdminNetworkPolicy: ['Allow', 'Deny', 'Pass'],
  BaselineAdminNetworkPolicy: ['Allow', 'Deny'],
  ClusterNetworkPolicy: ['Accept', 'Deny', 'Pass'],
};

function ruleArb(kind: RefClusterPolicyKind, egress: boolean): fc.Arbitrary<RefTierRule> {
  const peers = fc.array(peerArb(egress, kind), { minLength: 1, maxLength: 2 });
  const ports: fc.Arbitrary<(RefCnpProtocol | RefAnpPort)[]> =
    kind === 'ClusterNetworkPolicy' ? fc.array(cnpProtocol, { minLength: 1, maxLength: 2 }) : fc.array(anpPort, { minLength: 1, maxLength: 2 });
  return fc.record({ action: fc.constantFrom(...ACTIONS[kind]), peers, ports: fc.option(ports, { nil: undefined }) }).map(({ action, peers: p, ports: pr }) => {
    const rule: RefTierRule = { action, [egress ? 'to' : 'from']: p };
    if (pr) {
      if (kind === 'ClusterNetworkPolicy') rule.protocols = pr as RefCnpProtocol[];
      else rule.ports = pr as RefAnpPort[];
    }
    return rule;
  });
}

function policyArb(kind: RefClusterPolicyKind, name: string): fc.Arbitrary<RefClusterPolicy> {
  const subject = fc.oneof(
    namespaceSelector.map((n) => ({ namespaces: n })),
    fc.record({ namespaceSelector, podSelector }, { requiredKeys: [] }).map((p) => ({ pods: stripUndefined(p) })),
  );
  return fc
    .record({
      tier: fc.constantFrom('Admin' as const, 'Baseline' as const),
      priority: fc.constantFrom(1, 2, 3),
      subject,
      ingress: fc.array(ruleArb(kind, false), { maxLength: 2 }),
      egress: fc.array(ruleArb(kind, true), { maxLength: 2 }),
    })
    .map(({ tier, priority, subject: s, ingress, egress }) => ({
      kind,
      name,
      spec: stripUndefined({
        tier: kind === 'ClusterNetworkPolicy' ? tier : undefined,
        priority: kind === 'BaselineAdminNetworkPolicy' ? undefined : priority,
        subject: s,
        ingress: ingress.length ? ingress : undefined,
        egress: egress.length ? egress : undefined,
      }),
    }));
}

/** Up to `max` cluster-wide policies; at most one BaselineAdminNetworkPolicy, named `default`. */
function clusterPoliciesOf(max: number): fc.Arbitrary<RefClusterPolicy[]> {
  return fc
    .array(fc.constantFrom<RefClusterPolicyKind>('AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy'), { maxLength: max })
    .map((kinds) => kinds.filter((k, i) => k !== 'BaselineAdminNetworkPolicy' || kinds.indexOf(k) === i))
    .chain((kinds) => fc.tuple(...kinds.map((k, i) => policyArb(k, k === 'BaselineAdminNetworkPolicy' ? 'default' : `t${i}`))));
}

const clusterPoliciesArb = clusterPoliciesOf(3);

/** A NetworkPolicy cluster with cluster-wide policies beside. */
export const tieredScenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(scenarioArb, clusterPoliciesArb)
  .map(([s, clusterPolicies]) => ({ ...s, cluster: { ...s.cluster, clusterPolicies } }));

/**
 * tieredScenarioArb at a smaller size (up to 4 pods, 2 NetworkPolicies, 2 cluster-wide policies), for
 * properties that run many whole analyses per case (the rollback's 64 candidate sets): every field and
 * operator is still drawn, but fewer selectors cut label space at once, so no single case reaches the
 * ~1,000 regions and several GB a full-size cluster with sameLabels peers can (one crashed a jest worker).
 */
export const smallTieredScenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(clusterArb({ minPods: 1, maxPods: 4, maxPolicies: 2 }), clusterPoliciesOf(2))
  .map(([s, clusterPolicies]) => ({ ...s, cluster: { ...s.cluster, clusterPolicies } }));

/**
 * For sameLabels / notSameLabels: the same clusters, but the defined namespaces mostly carry `env` and
 * `tier` from two values, so namespaces often agree or differ on the keys those peers compare.
 */
export const relatedLabelsScenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(tieredScenarioArb, fc.array(fc.dictionary(fc.constantFrom('env', 'tier'), fc.constantFrom('a', 'b'), { minKeys: 1, maxKeys: 2 }), { minLength: 3, maxLength: 3 }))
  .map(([s, labels]) => ({
    ...s,
    cluster: { ...s.cluster, namespaces: ['ns1', 'ns2', 'ns3'].map((name, i) => ({ name, labels: { ...(s.cluster.namespaces.find((n) => n.name === name)?.labels ?? {}), ...labels[i] } })) },
  }));

/**
 * A base and head with cluster-wide policies: base's NetworkPolicy change (basePlusHead) plus its
 * cluster-wide policies, some dropped in head, some added or edited (a policy of the same kind and name
 * with another spec), so that tier rules open and close paths between abstract peers too.
 */
export const tieredBasePlusHead: fc.Arbitrary<[Scenario, Scenario]> = tieredPairOf(basePlusHead, clusterPoliciesArb);

/**
 * tieredBasePlusHead at a smaller size, for properties that explain many pairs per case: up to 2
 * NetworkPolicies in base (head adds up to one) and up to 2 cluster-wide policies per side. Every field
 * and operator is still drawn; what shrinks is how many selectors cut label space at once (the regions
 * an abstract diff evaluates grow with their product: ~100-1,200 at the full size, see
 * abstract-explain-agrees.test.ts).
 */
export const smallTieredBasePlusHead: fc.Arbitrary<[Scenario, Scenario]> = tieredPairOf(
  basePlusHeadOf(clusterArb({ minPods: 1, maxPods: 4, maxPolicies: 2 }), 1),
  clusterPoliciesOf(2),
);

function tieredPairOf(pairs: fc.Arbitrary<[Scenario, Scenario]>, clusterPolicies: fc.Arbitrary<RefClusterPolicy[]>): fc.Arbitrary<[Scenario, Scenario]> {
  return fc.tuple(pairs, clusterPolicies, clusterPolicies, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 })).map(([[base, head], before, changed, keep]) => {
    const after = new Map(before.filter((_, i) => keep[i]).map((p) => [`${p.kind}/${p.name}`, p]));
    for (const p of changed) after.set(`${p.kind}/${p.name}`, p);
    return [
      { ...base, cluster: { ...base.cluster, clusterPolicies: before } },
      { ...head, cluster: { ...head.cluster, clusterPolicies: [...after.values()] } },
    ];
  });
}
