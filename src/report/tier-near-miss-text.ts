/**
 * Near misses of cluster-wide Allow rules (engine/tier-near-misses.ts) in their own kind's words: a Calico
 * rule's in its fields and selector language (`ingress[1].source.namespaceSelector requires team == 'shop'`,
 * mismatch-text.ts), an AdminNetworkPolicy's, BaselineAdminNetworkPolicy's or ClusterNetworkPolicy's in the
 * network-policy API's fields (`ingress[1].from[0].pods.podSelector requires app=api`, `egress[0].to[0].networks`,
 * `ingress[0].ports` / `protocols`), each at the field's line; then the edit that would make the rule match,
 * in those fields and that syntax. The edit is not verified for what else it opens (the rule's subject is every
 * pod it selects): the line says what it would allow here, which the engine checked.
 */
import type { ConnectionSet, Mismatch, Requirement, TierNearMiss } from '../engine/index.js';
import { calicoPolicyName, calicoTierName, NAMESPACE_NAME_LABEL, OTHER_VALUE, PROTOCOLS, tierRuleName, toCidrs } from '../engine/index.js';
import { CALICO_NAMESPACE_NAME, asksEveryPort, calicoRequirementText, connText, has, mismatchText, requirementText, roleOf } from './mismatch-text.js';

type PortsMismatch = Extract<Mismatch, { kind: 'ports' }>;

/** The rule as the line heading its near miss names it: `AdminNetworkPolicy allow-mon ingress rule 2 "ops"`, a Calico rule with its tier. */
export function tierNearMissName(m: TierNearMiss): string {
  const name = tierRuleName({ kind: m.kind, policy: m.policy, rule: m.rule, ...(m.name ? { name: m.name } : {}) }, m.direction);
  return m.calico ? `${name} in ${calicoTierName(m.calico)}` : name;
}

/** One mismatch of the rule in its kind's fields. */
export function tierMismatchText(x: Mismatch, m: TierNearMiss): string {
  if (isCalico(m)) return mismatchText(x, m.direction, m);
  const { role } = roleOf(m.direction);
  if (x.kind === 'ports') return `${portsField(m)}: ${mismatchText(x, m.direction)}`;
  const written = x.written ?? `${m.direction}[${m.rule}].${m.direction === 'ingress' ? 'from' : 'to'}[${x.entry}]`;
  switch (x.kind) {
    case 'namespace-selector':
      return `${namespaceField(written)} requires ${requirementText(x.requirement)}, namespace ${x.namespace} ${has(x.requirement.key, x.actual)}`;
    case 'pod-selector':
      return `${written}.podSelector requires ${requirementText(x.requirement)}, ${role} ${has(x.requirement.key, x.actual)}`;
    case 'ip-block-for-pod':
      return `${written} (${x.cidr}) selects addresses outside the cluster, not this pod`;
    case 'pods-for-address':
      return `${written} selects pods, never addresses outside the cluster`;
    case 'ip-block':
      return `${written} (${x.cidr}) leaves out ${toCidrs(x.outside).join(', ')}`;
    case 'not-every-pod':
      return `${written} does not select every pod of every namespace (the ingress controller's pods are not in the manifests)`;
    case 'namespace':
      // Only a namespaced policy's peer selects its own namespace by default: not a cluster-wide kind's.
      return `${written} selects pods of namespace ${x.required} only; ${role} is in ${x.actual}`;
  }
}

/**
 * The edit that makes the rule match, in its kind's fields and selector syntax, its parts joined by `; `:
 * `ingress[1].source.namespaceSelector: team in {'other', 'shop'}`, `ingress[1].from[0].namespaces: add
 * {key: team, operator: In, values: [dev, ops]}`, `ingress[0].ports: add portNumber {protocol: TCP, port:
 * 6000}`; undefined when a mismatch has no edit in one field (a peer of the other kind: pods for an address).
 */
export function tierEditText(m: TierNearMiss): string | undefined {
  const parts: string[] = [];
  for (const x of m.mismatches) {
    const edit = isCalico(m) ? calicoEdit(x, m) : apiEdit(x, m);
    if (edit === undefined) return undefined;
    if (!parts.includes(edit)) parts.push(edit);
  }
  return parts.length ? parts.join('; ') : undefined;
}

const isCalico = (m: TierNearMiss) => calicoPolicyName(m.policy) !== undefined;

/** `ports` (AdminNetworkPolicy, BaselineAdminNetworkPolicy: v1alpha1) or `protocols` (ClusterNetworkPolicy: v1alpha2). */
function portsField(m: TierNearMiss): string {
  return `${m.direction}[${m.rule}].${m.kind === 'ClusterNetworkPolicy' ? 'protocols' : 'ports'}`;
}

/** A `pods` peer's namespaces are its `namespaceSelector`; a `namespaces` peer is the selector itself. */
function namespaceField(written: string): string {
  return written.endsWith('.pods') ? `${written}.namespaceSelector` : written;
}

/** The requirement changed so the peer's label value passes; `drop` when no value of the label can (the label is absent, or must be). */
function widened(r: Requirement, actual: string | null): Requirement | 'drop' {
  if (actual === null || actual === OTHER_VALUE) return 'drop';
  switch (r.op) {
    case 'In':
      return { ...r, values: [...new Set([...r.values, actual])].sort() };
    case 'NotIn': {
      const values = r.values.filter((v) => v !== actual);
      return values.length ? { ...r, values } : 'drop';
    }
    case 'Exists':
    case 'DoesNotExist':
      return 'drop';
  }
}

/** In the network-policy API's fields: a label selector's requirement as a matchExpressions entry. */
function apiEdit(x: Mismatch, m: TierNearMiss): string | undefined {
  const written = 'written' in x && x.written !== undefined ? x.written : undefined;
  switch (x.kind) {
    case 'namespace-selector':
    case 'pod-selector': {
      if (written === undefined) return undefined;
      const field = x.kind === 'pod-selector' ? `${written}.podSelector` : namespaceField(written);
      const w = widened(x.requirement, x.actual);
      const was = expressionText(x.requirement);
      return w === 'drop' ? `${field}: remove ${was}` : `${field}: ${was} → ${expressionText(w)}`;
    }
    case 'ip-block':
      return written === undefined ? undefined : `${written}: add ${toCidrs(x.outside).join(', ')}`;
    case 'not-every-pod':
      return written === undefined ? undefined : `${written}: namespaces: {} instead (every pod of every namespace)`;
    case 'ports':
      return apiPortsEdit(x, m);
    default:
      return undefined;
  }
}

/** `{key: app, operator: In, values: [api, web]}`, as a matchExpressions entry is written (a matchLabels entry is In of one value). */
function expressionText(r: Requirement): string {
  return `{key: ${r.key}, operator: ${r.op}${r.values.length ? `, values: [${r.values.join(', ')}]` : ''}}`;
}

/** The ports to add as v1alpha1 `ports` entries or v1alpha2 `protocols` entries; every port: remove the list. */
function apiPortsEdit(x: PortsMismatch, m: TierNearMiss): string {
  const field = portsField(m);
  const entries = portEntries(x.missing);
  if (asksEveryPort(x) || entries.length > MAX_PORT_ENTRIES) return `${field}: remove it (every port)`;
  const v2 = m.kind === 'ClusterNetworkPolicy';
  const written = entries.map(({ protocol, first, last }) => {
    if (v2) return `${protocol.toLowerCase()}: {destinationPort: ${first === last ? `{number: ${first}}` : `{range: {start: ${first}, end: ${last}}}`}}`;
    return first === last ? `portNumber: {protocol: ${protocol}, port: ${first}}` : `portRange: {protocol: ${protocol}, start: ${first}, end: ${last}}`;
  });
  return `${field}: add ${written.join(', ')}`;
}

/** Entries a port list edit adds at most before it says "every port". */
const MAX_PORT_ENTRIES = 4;

function portEntries(c: ConnectionSet): { protocol: string; first: number; last: number }[] {
  return PROTOCOLS.flatMap((protocol) => c.ports(protocol).intervals.map(([first, last]) => ({ protocol, first, last })));
}

/** In a Calico rule's fields and selector language (projectcalico.org/v3 EntityRule). */
function calicoEdit(x: Mismatch, m: TierNearMiss): string | undefined {
  const { role } = roleOf(m.direction);
  const written = 'written' in x && x.written !== undefined ? x.written : `${m.direction}[${m.rule}].${role}`;
  const entity = written.replace(/\.[^.]+$/, '');
  switch (x.kind) {
    case 'pod-selector':
      return calicoSelectorEdit(written, x.requirement, x.actual);
    case 'namespace-selector': {
      const r = x.requirement.key === NAMESPACE_NAME_LABEL ? { ...x.requirement, key: CALICO_NAMESPACE_NAME } : x.requirement;
      const actual = x.requirement.key === NAMESPACE_NAME_LABEL && x.actual === null ? null : x.actual;
      return calicoSelectorEdit(`${entity}.namespaceSelector`, r, actual);
    }
    case 'namespace':
      return x.actual.startsWith('[') ? undefined : `${entity}.namespaceSelector: add ${CALICO_NAMESPACE_NAME} in {'${[x.required, x.actual].sort().join("', '")}'}`;
    case 'ip-block':
      return `${written}: add ${toCidrs(x.outside).join(', ')}`;
    case 'ports':
      return calicoPortsEdit(x, m);
    default:
      return undefined;
  }
}

function calicoSelectorEdit(field: string, r: Requirement, actual: string | null): string {
  const w = widened(r, actual);
  const was = calicoRequirementText(r);
  return w === 'drop' ? `${field}: remove ${was}` : `${field}: ${was} → ${calicoRequirementText(w)}`;
}

/** `destination.ports` takes numbers and `a:b` ranges of the rule's one protocol; another protocol needs a rule of its own. */
function calicoPortsEdit(x: PortsMismatch, m: TierNearMiss): string | undefined {
  const field = `${m.direction}[${m.rule}].destination.ports`;
  const entries = portEntries(x.missing);
  const own = PROTOCOLS.filter((p) => !x.ruleConns.ports(p).isEmpty());
  if (entries.some((e) => !own.includes(e.protocol as (typeof PROTOCOLS)[number]))) return undefined;
  if (asksEveryPort(x) || entries.length > MAX_PORT_ENTRIES) return `${field}: remove it (every port of the rule's protocol)`;
  return `${field}: add ${entries.map(({ first, last }) => (first === last ? `${first}` : `'${first}:${last}'`)).join(', ')}`;
}

/** The lines of one near miss under a direction: its rule and what it would allow, each mismatch, the edit. */
export function tierNearMissLines(m: TierNearMiss, refText: string, conns: (c: ConnectionSet) => string, ind: string, sub: string): string[] {
  const edit = tierEditText(m);
  return [
    `${ind}near miss: ${tierNearMissName(m)} (${refText}) would allow ${conns(m.wouldAllow)}${m.alsoCovers ? ` (matched, it also admits ${m.alsoCovers.union(m.wouldAllow).isAll() ? 'every other port' : connText(m.alsoCovers)})` : ''}`,
    ...m.mismatches.map((x) => `${sub}${tierMismatchText(x, m)}`),
    ...(edit ? [`${sub}to match: ${edit}`] : []),
  ];
}
