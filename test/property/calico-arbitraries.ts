/**
 * fast-check generators of Calico NetworkPolicy, GlobalNetworkPolicy and Tier, mixed into the NetworkPolicy
 * clusters of arbitraries.ts: selectors as expression trees (every operator but the substring ones, over the
 * pods' label keys and `projectcalico.org/namespace`; namespace selectors over namespace labels and
 * `projectcalico.org/name`), printed for the manifests; tiers before and after the default tier with either
 * defaultAction; rules Allow / Deny / Pass / Log with peers by selector, namespaceSelector, notSelector, nets,
 * notNets, own-side selectors, protocols, ports, ranges, names and notPorts.
 * Every action in every tier, the default tier's policies after the Kubernetes NetworkPolicies (order ≥ 1000,
 * or none) included. Not drawn: order exactly 1000 (Kubernetes NetworkPolicies' own, where Calico breaks the
 * tie by name).
 */
import fc from 'fast-check';
import type { CalicoSelector } from '../../src/manifests/kinds/calico-selector.js';
import type { RefCalicoEntity, RefCalicoPolicy, RefCalicoRule, RefCalicoTier } from '../reference/calico.js';
import type { Protocol } from '../reference/evaluator.js';
import type { Scenario } from './arbitraries.js';
import { NAMESPACE_POOL, PORT_NAMES, PORT_POOL, cidrArb, scenarioArb, stripUndefined } from './arbitraries.js';

const KEYS = ['app', 'tier', 'env'];
const VALUES = ['a', 'b', 'c'];
const NAMESPACES = [...NAMESPACE_POOL, 'ns4'];

function leaf(keys: readonly string[], values: readonly string[], nameKey: string): fc.Arbitrary<CalicoSelector> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<CalicoSelector>({ op: 'all' }) },
    { weight: 2, arbitrary: fc.constantFrom(...keys).map((key): CalicoSelector => ({ op: 'has', key })) },
    { weight: 4, arbitrary: fc.record({ key: fc.constantFrom(...keys), op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.constantFrom(...values) }).map((x): CalicoSelector => x) },
    { weight: 2, arbitrary: fc.record({ key: fc.constantFrom(...keys), op: fc.constantFrom('in' as const, 'notIn' as const), values: fc.uniqueArray(fc.constantFrom(...values), { maxLength: 2 }) }).map((x): CalicoSelector => x) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('eq' as const, 'ne' as const), value: fc.constantFrom(...NAMESPACES) }).map(({ op, value }): CalicoSelector => ({ op, key: nameKey, value })) },
  );
}

function tree(l: fc.Arbitrary<CalicoSelector>): fc.Arbitrary<CalicoSelector> {
  return fc.letrec<{ e: CalicoSelector }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      l,
      tie('e').map((expr): CalicoSelector => ({ op: 'not', expr })),
      fc.record({ op: fc.constantFrom('and' as const, 'or' as const), left: tie('e'), right: tie('e') }).map((x): CalicoSelector => x),
    ),
  })).e;
}

const podSel = tree(leaf(KEYS, VALUES, 'projectcalico.org/namespace'));
const nsSel = tree(leaf([...KEYS, 'kubernetes.io/metadata.name'], [...VALUES, ...NAMESPACES], 'projectcalico.org/name'));

/** The selector as Calico writes it, every operand parenthesised. */
export function selectorText(e: CalicoSelector): string {
  const q = (v: string) => `'${v}'`;
  switch (e.op) {
    case 'all':
    case 'global':
      return `${e.op}()`;
    case 'has':
      return `has(${e.key})`;
    case 'eq':
      return `${e.key} == ${q(e.value)}`;
    case 'ne':
      return `${e.key} != ${q(e.value)}`;
    case 'in':
      return `${e.key} in {${e.values.map(q).join(', ')}}`;
    case 'notIn':
      return `${e.key} not in {${e.values.map(q).join(', ')}}`;
    case 'contains':
      return `${e.key} contains ${q(e.value)}`;
    case 'startsWith':
      return `${e.key} starts with ${q(e.value)}`;
    case 'endsWith':
      return `${e.key} ends with ${q(e.value)}`;
    case 'not':
      return `!(${selectorText(e.expr)})`;
    case 'and':
    case 'or':
      return `(${selectorText(e.left)}) ${e.op === 'and' ? '&&' : '||'} (${selectorText(e.right)})`;
  }
}

const peerArb: fc.Arbitrary<RefCalicoEntity | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ selector: podSel }),
  fc.record({ namespaceSelector: nsSel }),
  fc.record({ selector: podSel, namespaceSelector: nsSel }),
  fc.record({ notSelector: podSel }),
  fc.record({ selector: podSel, notSelector: podSel }),
  fc.record({ nets: fc.array(cidrArb, { minLength: 1, maxLength: 2 }) }),
  fc.record({ nets: fc.array(cidrArb, { minLength: 1, maxLength: 2 }), notNets: fc.array(cidrArb, { minLength: 1, maxLength: 1 }) }),
  fc.record({ notNets: fc.array(cidrArb, { minLength: 1, maxLength: 2 }) }),
);

const ownArb: fc.Arbitrary<RefCalicoEntity | undefined> = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ selector: podSel }) }, { weight: 1, arbitrary: fc.record({ notSelector: podSel }) });

const portEntry: fc.Arbitrary<number | string> = fc.oneof(
  fc.constantFrom(...PORT_POOL),
  fc.record({ a: fc.constantFrom(...PORT_POOL), b: fc.constantFrom(...PORT_POOL) }).map(({ a, b }) => `${Math.min(a, b)}:${Math.max(a, b)}`),
  fc.constantFrom(...PORT_NAMES),
);

/** Protocol and destination ports: none, a protocol alone, or a protocol with ports and/or numeric notPorts. */
const portsArb: fc.Arbitrary<{ protocol?: Protocol; ports?: (number | string)[]; notPorts?: (number | string)[] }> = fc.oneof(
  fc.constant({}),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP') }),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP'), ports: fc.array(portEntry, { minLength: 1, maxLength: 2 }), notPorts: fc.option(fc.array(fc.constantFrom(...PORT_POOL), { minLength: 1, maxLength: 2 }), { nil: undefined }) }, { requiredKeys: ['protocol', 'ports'] }),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP'), notPorts: fc.array(fc.constantFrom(...PORT_POOL), { minLength: 1, maxLength: 2 }) }),
);

function ruleArb(ingress: boolean, actions: readonly RefCalicoRule['action'][]): fc.Arbitrary<RefCalicoRule> {
  return fc.record({ action: fc.constantFrom(...actions), peer: peerArb, own: ownArb, ports: portsArb }).map(({ action, peer, own, ports }) => {
    // notPorts beside a port name is an approximation (warned): not drawn.
    const notPorts = ports.ports?.some((p) => typeof p === 'string' && !p.includes(':')) ? undefined : ports.notPorts;
    const dest = { ...((ingress ? own : peer) ?? {}), ...(ports.ports ? { ports: ports.ports } : {}), ...(notPorts ? { notPorts } : {}) };
    const src = ingress ? peer : own;
    return stripUndefined({ action, protocol: ports.protocol, source: src, destination: Object.keys(dest).length ? dest : undefined });
  });
}

const ORDERS = [undefined, 10, 500, 1500, 3000] as const;

function policyArb(name: string, tiers: readonly string[]): fc.Arbitrary<RefCalicoPolicy> {
  return fc
    .record({
      global: fc.boolean(),
      namespace: fc.constantFrom(...NAMESPACES),
      tier: fc.constantFrom('default', 'default', ...tiers),
      order: fc.constantFrom(...ORDERS),
      selector: fc.option(podSel, { nil: undefined }),
      namespaceSelector: fc.option(nsSel, { nil: undefined, freq: 3 }),
      types: fc.option(fc.constantFrom<('Ingress' | 'Egress')[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']), { nil: undefined }),
    })
    .chain((p) => {
      const actions: RefCalicoRule['action'][] = ['Allow', 'Deny', 'Pass', 'Log'];
      const rules = (ingress: boolean) => fc.option(fc.array(ruleArb(ingress, actions), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 3 });
      return fc.tuple(rules(true), rules(false)).map(([ingress, egress]): RefCalicoPolicy => ({
        kind: p.global ? 'GlobalNetworkPolicy' : 'NetworkPolicy',
        name,
        ...(p.global ? {} : { namespace: p.namespace }),
        spec: stripUndefined({
          tier: p.tier === 'default' ? undefined : p.tier,
          order: p.order,
          selector: p.selector,
          namespaceSelector: p.global ? p.namespaceSelector : undefined,
          types: p.types,
          ingress,
          egress,
        }),
      }));
    });
}

/** Up to two tiers: before the AdminNetworkPolicy tier, between it and the default tier, after the default tier, or unordered. */
const tiersArb: fc.Arbitrary<RefCalicoTier[]> = fc.uniqueArray(
  fc.record({ name: fc.constantFrom('sec', 'ops'), order: fc.constantFrom(50, 500, 1500, 2_000_000, undefined), defaultAction: fc.constantFrom('Deny' as const, 'Pass' as const, undefined) }).map((t) => stripUndefined(t)),
  { selector: (t) => t.name, maxLength: 2 },
);

/** A NetworkPolicy cluster with Calico policies (1-4) and tiers beside. */
export const calicoScenarioArb: fc.Arbitrary<Scenario> = fc
  .tuple(scenarioArb, tiersArb)
  .chain(([s, tiers]) =>
    fc
      .array(fc.constant(null), { minLength: 1, maxLength: 4 })
      .chain((slots) => fc.tuple(...slots.map((_, i) => policyArb(`k${i}`, tiers.map((t) => t.name)))))
      .map((calicoPolicies) => ({ ...s, cluster: { ...s.cluster, calicoPolicies, calicoTiers: tiers } })),
  );

/** The manifests of the Calico objects (selectors printed). */
export function calicoDocuments(policies: readonly RefCalicoPolicy[], tiers: readonly RefCalicoTier[]): object[] {
  const entity = (e: RefCalicoEntity | undefined) =>
    e && stripUndefined({ ...e, selector: e.selector && selectorText(e.selector), notSelector: e.notSelector && selectorText(e.notSelector), namespaceSelector: e.namespaceSelector && selectorText(e.namespaceSelector) });
  const rule = (r: RefCalicoRule) => stripUndefined({ ...r, source: entity(r.source), destination: entity(r.destination) });
  return [
    ...tiers.map((t) => ({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: t.name }, spec: stripUndefined({ order: t.order, defaultAction: t.defaultAction }) })),
    ...policies.map((p, i) => ({
      apiVersion: i % 2 === 0 ? 'projectcalico.org/v3' : 'crd.projectcalico.org/v1',
      kind: p.kind,
      metadata: { name: p.name, ...(p.namespace ? { namespace: p.namespace } : {}) },
      spec: stripUndefined({
        ...p.spec,
        selector: p.spec.selector && selectorText(p.spec.selector),
        namespaceSelector: p.spec.namespaceSelector && selectorText(p.spec.namespaceSelector),
        ingress: p.spec.ingress?.map(rule),
        egress: p.spec.egress?.map(rule),
      }),
    })),
  ];
}
