/**
 * Near misses and edits in words: "podSelector requires app=api, source has app=web",
 * "port TCP 8443 not in [TCP 443]", and the YAML a suggested edit adds.
 */
import type { Direction, Edit, LabelSelector, Mismatch, PeerSpec, PortsSpec, Requirement } from '../engine/index.js';
import { plural } from '../util/plural.js';
import { calicoPolicyName, CILIUM_PEER_FIELDS, ConnectionSet, policyName, labelText, labelValueText, labelValuesText, NAMESPACE_NAME_LABEL, OTHER_VALUE, PROTOCOLS, toCidrs } from '../engine/index.js';

/**
 * A connection set for people: `any port`, `TCP 443`, `TCP 80, 443 and 8443`, `TCP 9094 and UDP 9094`, or `any port
 * but TCP 443` when that is shorter; `items`: how the set is written (a sentence's list unless told otherwise).
 */
export function connText(c: ConnectionSet, items: (c: ConnectionSet) => string = (x) => x.toProse()): string {
  if (c.isAll()) return 'any port';
  if (c.isEmpty()) return 'nothing';
  const rest = ConnectionSet.ALL.subtract(c);
  return rest.toText().length < c.toText().length ? `any port but ${items(rest)}` : items(c);
}

/** `app=api`, `tier in (a,b)`, `tier notin (a)`, `team` (exists), `!team` (does not exist); an empty value is `""`. */
export function requirementText(r: Requirement): string {
  switch (r.op) {
    case 'In':
      return r.values.length === 1 ? labelText(r.key, r.values[0]) : `${r.key} in (${labelValuesText(r.values)})`;
    case 'NotIn':
      return r.values.length === 1 ? `${r.key}!=${labelValueText(r.values[0])}` : `${r.key} notin (${labelValuesText(r.values)})`;
    case 'Exists':
      return `label ${r.key}`;
    case 'DoesNotExist':
      return `no label ${r.key}`;
  }
}

export const has = (key: string, actual: string | null) =>
  actual === null ? `has no label ${key}` : actual === OTHER_VALUE ? `has ${key} set to a value no selector names` : `has ${labelText(key, actual)}`;

/** The far end's role in a rule of this direction, and the rule's list field. */
export function roleOf(direction: Direction): { role: string; field: 'from' | 'to' } {
  return direction === 'ingress' ? { role: 'source', field: 'from' } : { role: 'destination', field: 'to' };
}

/**
 * One near miss in words. `at`: the policy (its id) and the rule's index, for a kind whose near misses are
 * said in its own fields (a Calico rule: `ingress[0].source.selector`, `ingress[0].destination.ports`).
 */
export function mismatchText(m: Mismatch, direction: Direction, at?: { readonly policy: string; readonly rule: number }): string {
  const { role, field } = roleOf(direction);
  if (at && calicoPolicyName(at.policy) !== undefined) return calicoMismatchText(m, direction, at.rule);
  if ('written' in m && m.written !== undefined) return writtenMismatchText(m, role);
  const entry = 'entry' in m ? `${field}[${m.entry}] ` : '';
  switch (m.kind) {
    case 'namespace':
      return `${entry}has no namespaceSelector, so it selects pods of namespace ${m.required} only; ${role} is in ${m.actual}`;
    case 'namespace-selector':
      return `${entry}namespaceSelector requires ${requirementText(m.requirement)}, namespace ${m.namespace} ${has(m.requirement.key, m.actual)}`;
    case 'pod-selector':
      return `${entry}podSelector requires ${requirementText(m.requirement)}, ${role} ${has(m.requirement.key, m.actual)}`;
    case 'ip-block-for-pod':
      return `${entry}ipBlock ${m.cidr} selects addresses outside the cluster, never pods`;
    case 'pods-for-address':
      return `${entry}selects pods, never addresses outside the cluster`;
    case 'ip-block':
      return `${entry}ipBlock ${m.cidr} (minus its except) leaves out ${toCidrs(m.outside).join(', ')}`;
    case 'not-every-pod':
      return `${entry}does not select every pod of every namespace (the ingress controller's pods are not in the manifests)`;
    case 'ports': {
      if (m.regionNames || m.portName !== undefined) return regionPortsText(m, m.regionNames ?? []);
      // What the rule lists, quoted in the peer tools' notation (`[TCP 80,443, UDP 53]`): a list, not a sentence.
      const listed = m.ruleConns.isEmpty() ? '[]' : `[${m.ruleConns.toListed()}]`;
      const names = m.unresolved.length ? `; named port ${m.unresolved.join(', ')} is not defined on the destination` : '';
      // Asked about every port: say what the rule allows rather than list the vast complement.
      if (asksEveryPort(m)) return `ports: the rule allows only ${listed}${names}`;
      return `${connText(m.missing)} not in ${listed}${names}`.replace(/^(TCP|UDP|SCTP) /, 'port $1 ');
    }
  }
}

/** Cilium's label for a pod's namespace, and the prefix of its namespace's labels (docs "Using Kubernetes Constructs In Policy"). */
const CILIUM_NAMESPACE = 'io.kubernetes.pod.namespace';
const CILIUM_NAMESPACE_LABELS = 'io.cilium.k8s.namespace.labels.';

/**
 * A mismatch of an entry a Cilium rule writes in its own fields (`fromEndpoints[0]`, `toCIDR[1]`,
 * `toEntities[0]`): an endpoint selector constrains the namespace by `io.kubernetes.pod.namespace` and
 * `io.cilium.k8s.namespace.labels.<key>`, never a namespaceSelector or podSelector.
 */
function writtenMismatchText(m: Exclude<Mismatch, { kind: 'ports' }>, role: string): string {
  const entry = `${m.written} `;
  switch (m.kind) {
    case 'namespace':
      return `${entry}has no ${CILIUM_NAMESPACE}, so it selects pods of namespace ${m.required} only; ${role} is in ${m.actual}`;
    case 'namespace-selector':
      if (m.requirement.key === NAMESPACE_NAME_LABEL) return `${entry}requires ${requirementText({ ...m.requirement, key: CILIUM_NAMESPACE })}, ${role} is in namespace ${m.namespace}`;
      return `${entry}requires ${requirementText({ ...m.requirement, key: CILIUM_NAMESPACE_LABELS + m.requirement.key })}, namespace ${m.namespace} ${has(m.requirement.key, m.actual)}`;
    case 'pod-selector':
      return `${entry}requires ${requirementText(m.requirement)}, ${role} ${has(m.requirement.key, m.actual)}`;
    case 'ip-block-for-pod':
      return `${entry}(${m.cidr}) selects addresses outside the cluster, never pods`;
    case 'pods-for-address':
      return `${entry}selects pods, never addresses outside the cluster`;
    case 'ip-block':
      return `${entry}(${m.cidr}, minus its except) leaves out ${toCidrs(m.outside).join(', ')}`;
    case 'not-every-pod':
      return `${entry}does not select every pod of every namespace (the ingress controller's pods are not in the manifests)`;
  }
}

/**
 * A near miss of a Calico rule in its own fields (projectcalico.org/v3 Rule and EntityRule, selectors in
 * Calico's expression language): `ingress[0].source.selector requires app == 'api', source has app=web`,
 * `ingress[0].source.namespaceSelector requires projectcalico.org/name == 'shop', source is in namespace
 * other`, `ingress[1].source.nets (10.0.0.0/8) selects addresses outside the cluster, never pods`,
 * `ingress[0].destination.ports: port TCP 6000 not in [TCP 5432]`; never a NetworkPolicy's `from[0]`,
 * `podSelector` or `ipBlock`. The peer's `written` (calico-entity.ts) is the field holding its pods' own
 * requirements or its addresses.
 */
function calicoMismatchText(m: Mismatch, direction: Direction, rule: number): string {
  const { role } = roleOf(direction);
  if (m.kind === 'ports') {
    // A rule with a protocol and no destination.ports misses by its protocol alone.
    const byProtocol = PROTOCOLS.every((p) => m.ruleConns.ports(p).isEmpty() || m.ruleConns.ports(p).isAll());
    return `${direction}[${rule}].${byProtocol ? 'protocol' : 'destination.ports'}: ${mismatchText(m, direction)}`;
  }
  const written = m.written ?? `${direction}[${rule}].${role}`;
  const entity = written.replace(/\.[^.]+$/, '');
  switch (m.kind) {
    case 'namespace':
      return `${entity} has no namespaceSelector, so it selects pods of namespace ${m.required} only; ${role} is in ${m.actual}`;
    case 'namespace-selector':
      if (m.requirement.key === NAMESPACE_NAME_LABEL) return `${entity}.namespaceSelector requires ${calicoRequirementText({ ...m.requirement, key: CALICO_NAMESPACE_NAME })}, ${role} is in namespace ${m.namespace}`;
      return `${entity}.namespaceSelector requires ${calicoRequirementText(m.requirement)}, namespace ${m.namespace} ${has(m.requirement.key, m.actual)}`;
    case 'pod-selector':
      return `${written} requires ${calicoRequirementText(m.requirement)}, ${role} ${has(m.requirement.key, m.actual)}`;
    case 'ip-block-for-pod':
      return `${written} (${m.cidr}) selects addresses outside the cluster, never pods`;
    case 'pods-for-address':
      return `${written} selects pods, never addresses outside the cluster`;
    case 'ip-block':
      return `${written} (${m.cidr}, minus notNets) leaves out ${toCidrs(m.outside).join(', ')}`;
    case 'not-every-pod':
      return `${written} does not select every pod of every namespace (the ingress controller's pods are not in the manifests)`;
  }
}

/** Calico's label for a namespace's name in a namespaceSelector (docs "Calico automatic labels"). */
export const CALICO_NAMESPACE_NAME = 'projectcalico.org/name';

/** A requirement in Calico's selector language: `app == 'api'`, `tier in {'a', 'b'}`, `app != 'x'`, `has(team)`, `!has(team)`. */
export function calicoRequirementText(r: Requirement): string {
  const values = `{${r.values.map((v) => `'${v}'`).join(', ')}}`;
  switch (r.op) {
    case 'In':
      return r.values.length === 1 ? `${r.key} == '${r.values[0]}'` : `${r.key} in ${values}`;
    case 'NotIn':
      return r.values.length === 1 ? `${r.key} != '${r.values[0]}'` : `${r.key} not in ${values}`;
    case 'Exists':
      return `has(${r.key})`;
    case 'DoesNotExist':
      return `!has(${r.key})`;
  }
}

/**
 * Whether the ports the rule misses are "every port" or most of it (`any port but TCP 53,6379`, what is left
 * of "any port" once other rules allowed some): then the rule's own ports say it shortly, where
 * "any port but TCP 53,6379 not in [TCP 53]" reads as a riddle.
 */
export function asksEveryPort(m: Extract<Mismatch, { kind: 'ports' }>): boolean {
  const missing = connText(m.missing);
  return m.missing.union(m.ruleConns).isAll() || missing.startsWith('everything') || missing.startsWith('any port but');
}

/**
 * A `ports` mismatch toward pods the manifests do not hold, whose port numbers are unknown: the rule's
 * port names are listed as names. Asked by a port name: "port TCP http not in [TCP 8080]" where a number
 * could still admit it ("... admits it only if numbered 8080"), "port TCP http not in [metrics/TCP]".
 */
function regionPortsText(m: Extract<Mismatch, { kind: 'ports' }>, names: readonly string[]): string {
  const numbers = m.ruleNumbers ?? m.ruleConns;
  const listed = `[${[...(numbers.isEmpty() ? [] : [numbers.toListed()]), ...names].join(', ')}]`;
  if (m.portName !== undefined) {
    // The name is asked on one protocol (TCP unless given).
    const protocol = PROTOCOLS.find((p) => !m.missing.ports(p).isEmpty()) ?? 'TCP';
    const admits = numbers.ports(protocol);
    return `port ${protocol} ${m.portName} not in ${listed}${admits.isEmpty() ? '' : `: the rule admits it only if numbered ${admits.toProse()}`}`;
  }
  const first = names[0].slice(0, names[0].lastIndexOf('/'));
  const unknown = `port name${names.length === 1 ? '' : 's'} ${names.join(', ')}: ${names.length === 1 ? 'its number' : 'their numbers'} on these pods unknown (ask with --port ${first})`;
  if (asksEveryPort(m)) return `ports: the rule allows only ${listed}; ${unknown}`;
  return `${connText(m.missing)} not in ${listed}; ${unknown}`.replace(/^(TCP|UDP|SCTP) /, 'port $1 ');
}

/** The asked pair as an edit's text names it (`shop/cart => data/redis`), and the port numbers asked (engine `askedNumbers`). */
export interface AskedPair {
  readonly name: string;
  readonly asked: ConnectionSet;
}

/**
 * What an edit opens beyond the asked traffic, said in its parentheses: `opens nothing else`, `also opens 2
 * other paths`, `also opens every other port of app/scraper => app/db` (the edit admits the pair on ports not
 * asked: a peer added to a rule without `ports`), `also opens app/scraper => app/db on UDP 9187 and 1 other path`.
 */
export function alsoOpensText(alsoOpens: number, extraPorts: ConnectionSet | undefined, pair: AskedPair): string {
  const ports = extraPorts && !extraPorts.isEmpty() ? (extraPorts.union(pair.asked).isAll() ? `every other port of ${pair.name}` : `${pair.name} on ${connText(extraPorts)}`) : undefined;
  const paths = alsoOpens === 0 ? undefined : plural(alsoOpens, 'other path');
  if (!ports && !paths) return 'opens nothing else';
  return `also opens ${[ports, paths].filter((x) => x !== undefined).join(' and ')}`;
}

/**
 * One line saying what the edit does, the policy named with its kind as diff names it, e.g. "add TCP 8443 to
 * NetworkPolicy shop/payments ingress rule 1"; `pair`: the asked pair, to say what else of it the edit opens.
 */
export function editText(e: Edit, peerName: string, pair: AskedPair): string {
  const rule = e.rule === undefined ? '' : ` ${e.direction} rule ${e.rule + 1}`;
  const what = (() => {
    switch (e.change.kind) {
      case 'add-ports':
        return `add ${portsText(e.change.ports)} to ${policyName(e.policy)}${rule}`;
      case 'add-peer':
        return `add ${peerName} to the ${e.policyKind ? ciliumPeerField(e.direction, e.change.peer) : roleOf(e.direction).field} of ${policyName(e.policy)}${rule}`;
      case 'add-rule':
        return `add an ${e.direction} rule to ${policyName(e.policy)} for ${peerName} on ${portsText(e.change.ports)}`;
    }
  })();
  const side = alsoOpensText(e.alsoOpens, e.alsoOpensPorts, pair);
  if (!e.elsewhere) return `${what} (${side})`;
  // Other targets build the edited file: say what it does in each, never "opens nothing else" alone.
  const parts = [`${side} in ${e.elsewhere.own}`];
  for (const t of e.elsewhere.targets) {
    const opens = t.alsoOpens === 0 ? 'opens nothing' : t.alsoOpens <= t.sample.length ? `also opens ${t.sample.join(', ')}` : `also opens ${plural(t.alsoOpens, 'path')} (${t.sample.join(', ')}, …)`;
    parts.push(`${opens} in ${t.target}, which builds ${t.file} too`);
  }
  if (e.elsewhere.notEvaluated.length) parts.push(`not evaluated in ${e.elsewhere.notEvaluated.join(', ')}, which build${e.elsewhere.notEvaluated.length === 1 ? 's' : ''} ${e.ref.file} too (at most ${e.elsewhere.limit} other targets are evaluated)`);
  return `${what} (${parts.join('; ')})`;
}

function portsText(p: PortsSpec): string {
  if (p === 'any') return 'every port';
  return p.map((x) => `${x.protocol} ${x.port === '*' ? 'all ports' : x.endPort ? `${x.port}-${x.endPort}` : x.port}`).join(', ');
}

/**
 * How a policy kind writes an edit: the list a peer goes in, the field of a rule's ports, and a peer's and
 * the ports' YAML. A NetworkPolicy's (`from`/`to`, `ports`) or a CiliumNetworkPolicy's (`ciliumPeerField`,
 * `toPorts`): a field of one is not a field of the other (a rule written so would allow nothing there).
 */
interface EditFields {
  readonly peerField: (direction: Direction, peer: PeerSpec) => string;
  readonly portsField: string;
  readonly peerYaml: (p: PeerSpec) => string[];
  readonly portsYaml: (p: Exclude<PortsSpec, 'any'>) => string[];
}

const NETWORK_POLICY_FIELDS: EditFields = { peerField: (direction) => roleOf(direction).field, portsField: 'ports', peerYaml, portsYaml };

/**
 * The edit in a CiliumNetworkPolicy's own fields (docs.cilium.io, security/policy: "Layer 3 Examples",
 * "Layer 4 Policies"): peers under `fromEndpoints` / `toEndpoints` (another namespace by the label
 * `k8s:io.kubernetes.pod.namespace`), `fromCIDR` / `toCIDR`, `fromEntities: [cluster]`; ports under
 * `toPorts[].ports[]` with the port a string.
 */
const CILIUM_FIELDS: EditFields = { peerField: ciliumPeerField, portsField: 'toPorts', peerYaml: ciliumPeerYaml, portsYaml: ciliumPortsYaml };

/** The YAML the edit adds, indented as a list item under `ingress`/`egress`, the peer's list (`from`/`to`) or the ports' (`ports`), in its policy kind's fields. */
export function editYaml(e: Edit): string {
  const k = e.policyKind ? CILIUM_FIELDS : NETWORK_POLICY_FIELDS;
  switch (e.change.kind) {
    case 'add-ports':
      return e.change.ports === 'any' ? `# remove the rule's ${k.portsField} list: every port` : k.portsYaml(e.change.ports).join('\n');
    case 'add-peer':
      return k.peerYaml(e.change.peer).join('\n');
    case 'add-rule': {
      const peer = k.peerYaml(e.change.peer).map((l) => `    ${l}`);
      const ports = e.change.ports === 'any' ? [] : [`  ${k.portsField}:`, ...k.portsYaml(e.change.ports).map((l) => `    ${l}`)];
      return [`- ${k.peerField(e.direction, e.change.peer)}:`, ...peer, ...ports].join('\n');
    }
  }
}

function peerYaml(p: PeerSpec): string[] {
  switch (p.kind) {
    case 'ipBlock':
      return p.cidrs.flatMap((c) => ['- ipBlock:', `    cidr: ${c}`]);
    case 'every-pod':
      return ['- namespaceSelector: {}'];
    case 'selectors': {
      const body = selectorYaml(p.podSelector);
      const pods = body.length ? ['  podSelector:', ...body.map((l) => `    ${l}`)] : ['  podSelector: {}'];
      if (p.sameNamespace) return [`- ${pods[0].trim()}`, ...pods.slice(1)];
      const ns = p.namespace !== undefined ? ['    matchLabels:', `      ${NAMESPACE_NAME_LABEL}: ${quote(p.namespace)}`] : selectorYaml(p.namespaceSelector ?? { matchLabels: {}, expressions: [] }).map((l) => `    ${l}`);
      return ['- namespaceSelector:' + (ns.length === 0 ? ' {}' : ''), ...ns, ...pods];
    }
    case 'pods': {
      const labels = Object.entries(p.podLabels);
      const pods = labels.length ? ['  podSelector:', '    matchLabels:', ...labels.map(([k, v]) => `      ${k}: ${quote(v)}`)] : ['  podSelector: {}'];
      if (p.sameNamespace) return [`- ${pods[0].trim()}`, ...pods.slice(1)];
      return ['- namespaceSelector:', '    matchLabels:', `      ${NAMESPACE_NAME_LABEL}: ${quote(p.namespace)}`, ...pods];
    }
  }
}

/** The Cilium list a peer goes in: endpoints for pods, CIDR for addresses, entities for every pod. */
function ciliumPeerField(direction: Direction, peer: PeerSpec | undefined): string {
  const fields = CILIUM_PEER_FIELDS[direction];
  if (peer?.kind === 'ipBlock') return fields.cidr;
  if (peer?.kind === 'every-pod') return fields.entities;
  return fields.endpoints;
}

function ciliumPeerYaml(p: PeerSpec): string[] {
  const CILIUM_NAMESPACE = 'k8s:io.kubernetes.pod.namespace';
  switch (p.kind) {
    case 'ipBlock':
      return p.cidrs.map((c) => `- ${c}`);
    case 'every-pod':
      return ['- cluster'];
    case 'selectors': {
      if (!p.sameNamespace && p.namespace === undefined) {
        return ['# a CiliumNetworkPolicy selects namespaces by name only (io.kubernetes.pod.namespace); namespace labels are read only in a CiliumClusterwideNetworkPolicy'];
      }
      const ns: Record<string, string> = p.sameNamespace ? {} : { [CILIUM_NAMESPACE]: p.namespace! };
      const body = selectorYaml({ matchLabels: { ...ns, ...p.podSelector.matchLabels }, expressions: p.podSelector.expressions });
      return body.length ? [`- ${body[0]}`, ...body.slice(1).map((l) => `  ${l}`)] : ['- {}'];
    }
    case 'pods': {
      const labels = Object.entries({ ...(p.sameNamespace ? {} : { [CILIUM_NAMESPACE]: p.namespace }), ...p.podLabels });
      return labels.length ? ['- matchLabels:', ...labels.map(([k, v]) => `    ${k}: ${quote(v)}`)] : ['- {}'];
    }
  }
}

/** One `toPorts` entry: its `ports`, each port a string (no port: every port of the protocol). */
function ciliumPortsYaml(p: Exclude<PortsSpec, 'any'>): string[] {
  return ['- ports:', ...p.flatMap((x) => [...(x.port === '*' ? [`    - protocol: ${x.protocol}`] : [`    - port: ${JSON.stringify(String(x.port))}`, `      protocol: ${x.protocol}`]), ...(x.endPort ? [`      endPort: ${x.endPort}`] : [])])];
}

/** A selector's body lines (`matchLabels:` / `matchExpressions:`), relative indentation; `{}` is no lines. */
function selectorYaml(s: LabelSelector): string[] {
  const out: string[] = [];
  const labels = Object.entries(s.matchLabels);
  if (labels.length) out.push('matchLabels:', ...labels.map(([k, v]) => `  ${k}: ${quote(v)}`));
  if (s.expressions.length) {
    out.push('matchExpressions:');
    for (const r of s.expressions) out.push(`  - key: ${r.key}`, `    operator: ${r.op}`, ...(r.values.length ? [`    values: [${r.values.map(quote).join(', ')}]`] : []));
  }
  return out;
}

function portsYaml(p: Exclude<PortsSpec, 'any'>): string[] {
  return p.flatMap((x) => [`- protocol: ${x.protocol}`, ...(x.port === '*' ? [] : [`  port: ${x.port}`]), ...(x.endPort ? [`  endPort: ${x.endPort}`] : [])]);
}

/** YAML-safe scalar: quoted when it could read as another type. */
function quote(v: string): string {
  return /^[A-Za-z][\w.-]*$/.test(v) && !/^(true|false|yes|no|on|off|null)$/i.test(v) ? v : JSON.stringify(v);
}
