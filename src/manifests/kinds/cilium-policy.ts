/**
 * cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (L3/L4) → the engine's one model:
 * allow rules (`ingress`, `egress`) become NetworkPolicy-tier rules (`NetworkPolicy` with `kind`), which add
 * up with Kubernetes NetworkPolicies; deny rules (`ingressDeny`, `egressDeny`) become Admin-tier Deny rules
 * (`ClusterPolicy`) ahead of every other rule. No second evaluator: engine/tiers.ts and compile.ts decide.
 *
 * Semantics, from Cilium's documentation (docs.cilium.io/en/stable/security/policy/: language/ "Layer 3
 * Examples", layer4/ "Layer 4 Policies", deny/ "Deny Policies", kubernetes/ "Using Kubernetes Constructs In
 * Policy", intro/ "Policy Enforcement Modes") and its policy API types (cilium/cilium pkg/policy/api:
 * rule.go `EnableDefaultDeny`, ingress.go, egress.go, entity.go, l4.go `PortProtocol`):
 * - A CiliumNetworkPolicy's `endpointSelector` selects pods of its own namespace only; a `fromEndpoints` /
 *   `toEndpoints` selector without a namespace label selects pods of the policy's namespace; the label
 *   `io.kubernetes.pod.namespace` names the namespace, `io.cilium.k8s.namespace.labels.<key>` matches its
 *   labels (honoured in a CiliumClusterwideNetworkPolicy, ignored in a CiliumNetworkPolicy); keys may carry
 *   a source prefix (`k8s:`, `any:`). A CiliumClusterwideNetworkPolicy has no implicit namespace.
 * - Default deny (Rule.EnableDefaultDeny): when not given, a direction is default-deny when the spec has
 *   rules in it, allow or deny (`ingress` or `ingressDeny` non-empty); `enableDefaultDeny: {ingress: false}`
 *   keeps the pods open that way, its allow rules then only add to other policies'. An omitted or empty
 *   `ingress` list does not apply at ingress.
 * - A rule without any L3 field matches every peer on its `toPorts` (a `toPorts`-only rule); without
 *   `toPorts` it matches nothing: `ingress: [{}]` puts the pods in default deny and allows nothing
 *   ("Ingress/Egress Default Deny"). An L3 field written as an empty list selects nothing.
 * - Deny rules "take precedence over allow policies, regardless of whether they are a Cilium Network Policy,
 *   a Clusterwide Cilium Network Policy or even a Kubernetes Network Policy" (Deny Policies).
 * - Entities: `world` is every address outside the cluster (as 0.0.0.0/0 and ::/0), `cluster` every pod,
 *   `all` both; CIDR rules select addresses outside the cluster, never pods.
 * What manifests cannot say (other entities, `toFQDNs`, `toServices`, `toGroups`, `fromNodes`/`toNodes`,
 * `fromRequires`/`toRequires`, host policies with `nodeSelector`, L7 `rules`, `authentication`) is a warning at its line.
 */
import { AddressSet } from '../../engine/address-set.js';
import { parseCidr } from '../../engine/cidr.js';
import type {
  ClusterPolicy,
  CiliumPolicyKind,
  Direction,
  LabelSelector,
  Labels,
  Namespace,
  NetworkPolicy,
  Operator,
  PodPeer,
  PortSpec,
  Protocol,
  Requirement,
  Rule,
  SourceRef,
  TierPeer,
  TierPortSpec,
  TierRule,
  Workload,
} from '../../engine/model.js';
import { ALL_PORTS, CILIUM_DENY_PRIORITY, DIRECTIONS, NAMESPACE_NAME_LABEL } from '../../engine/model.js';
import { EVERYTHING, matches } from '../../engine/selectors.js';
import { CILIUM_PEER_FIELDS } from '../../engine/policy-terms.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';

export const CILIUM_API_VERSION = 'cilium.io/v2';
export const CILIUM_POLICY_KINDS: ReadonlySet<string> = new Set<CiliumPolicyKind>(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);

/** What one Cilium object becomes: NetworkPolicy-tier parts (allow rules, default deny) and Admin-tier deny parts. */
export interface CiliumRead {
  readonly policies: NetworkPolicy[];
  readonly denies: ClusterPolicy[];
  /** CiliumClusterwideNetworkPolicy allow parts: one NetworkPolicy per namespace its selector matches (`expandClusterwide`). */
  readonly clusterwide: ClusterwideAllow[];
}

/** A clusterwide spec's allow part before the namespaces are known: made per namespace by `build`. */
export interface ClusterwideAllow {
  /** The object's key (`CiliumClusterwideNetworkPolicy//name`) and spec: last copies shadow earlier ones by it. */
  readonly key: string;
  readonly object: string;
  readonly namespaces: LabelSelector;
  readonly build: (namespace: string) => NetworkPolicy;
}

const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
/** Label sources that mean an ordinary pod label (Cilium: `k8s:` from Kubernetes, `any:` any source). */
const POD_SOURCES = /^(k8s|any):/;

const PEER_FIELDS: Record<Direction, { endpoints: string; cidr: string; cidrSet: string; entities: string; requires: string; unknowable: readonly string[] }> = {
  ingress: { ...CILIUM_PEER_FIELDS.ingress, requires: 'fromRequires', unknowable: ['fromNodes', 'fromGroups'] },
  egress: { ...CILIUM_PEER_FIELDS.egress, requires: 'toRequires', unknowable: ['toNodes', 'toGroups', 'toServices', 'toFQDNs'] },
};

/** Entities manifests say nothing about (nodes, the API server, Cilium's own endpoints). */
const UNKNOWABLE_ENTITIES = new Set(['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged']);

/** Where a peer selector lands: pods of the policy's own namespace, or of namespaces a selector picks. */
interface PeerSelector {
  readonly namespaces: 'own' | LabelSelector;
  readonly pods: LabelSelector;
}

type CPeer = { readonly kind: 'pods'; readonly sel: PeerSelector; readonly ref: SourceRef } | { readonly kind: 'addresses'; readonly block: AddressSet; readonly cidrs: readonly string[]; readonly ref: SourceRef };

interface CRule {
  /** `any`: no L3 field, every peer. */
  readonly peers: 'any' | readonly CPeer[];
  readonly ports: 'any' | readonly PortSpec[];
  readonly ref: SourceRef;
}

interface Scope {
  readonly ctx: DocContext;
  readonly kind: CiliumPolicyKind;
  /** The policy's namespace; undefined for the clusterwide kind. */
  readonly namespace: string | undefined;
  readonly where: string;
}

/** A CiliumNetworkPolicy (namespace given) or CiliumClusterwideNetworkPolicy; undefined when invalid (reported). */
export function readCiliumPolicy(ctx: DocContext, obj: Json, kind: CiliumPolicyKind, namespace: string | undefined, name: string): CiliumRead | undefined {
  const ref = ctx.ref(obj);
  const scope: Scope = { ctx, kind, namespace, where: namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}` };
  const specs: { spec: Json; label: string; suffix: string; ref: SourceRef }[] = [];
  // A policy is cited at its object (as a NetworkPolicy is), one of its `specs` at its list item.
  if (isObject(obj.spec)) specs.push({ spec: obj.spec, label: 'spec', suffix: '', ref });
  else if (obj.spec !== undefined && obj.spec !== null) return invalid(scope, 'spec must be a map', ref);
  const list = asArray(obj.specs);
  if (obj.specs !== undefined && obj.specs !== null && !list) return invalid(scope, 'specs must be a list', ctx.keyRef(obj, 'specs', ref));
  (list ?? []).forEach((s, i) => {
    if (isObject(s)) specs.push({ spec: s, label: `specs[${i}]`, suffix: `/specs[${i}]`, ref: ctx.itemRef(list!, i, ctx.ref(list!, ref)) });
  });
  if (specs.length === 0) return invalid(scope, 'needs spec or specs', ref);
  const out: CiliumRead = { policies: [], denies: [], clusterwide: [] };
  for (const s of specs) if (!readSpec(scope, s.spec, s.label, name, s.suffix, s.ref, out)) return undefined;
  return out;
}

function invalid(scope: Scope, message: string, ref: SourceRef): undefined {
  scope.ctx.report('error', 'INVALID_FIELD', `${scope.where}: ${message}`, ref);
  return undefined;
}

function readSpec(scope: Scope, spec: Json, label: string, name: string, suffix: string, ref: SourceRef, out: CiliumRead): boolean {
  const { ctx, kind, namespace } = scope;
  const where = `${scope.where}: ${label}`;
  if (spec.nodeSelector !== undefined && spec.nodeSelector !== null) {
    // Host policies select nodes (their host-network traffic), which manifests do not hold.
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.nodeSelector: a host policy applies to nodes, which manifests do not hold; this spec is not analysed`, ctx.keyRef(spec, 'nodeSelector', ref));
    return true;
  }
  if (!isObject(spec.endpointSelector)) return !!invalid(scope, `${label}.endpointSelector is required (a map)`, ref) || false;
  const subject = readEndpointSelector(scope, spec.endpointSelector, `${label}.endpointSelector`, ctx.keyRef(spec, 'endpointSelector', ref), true);
  if (!subject) return false;
  const allow: Record<Direction, CRule[]> = { ingress: [], egress: [] };
  const deny: Record<Direction, CRule[]> = { ingress: [], egress: [] };
  for (const direction of DIRECTIONS) {
    const a = readRules(scope, spec, direction, false, label, ref);
    const d = readRules(scope, spec, direction, true, label, ref);
    if (!a || !d) return false;
    allow[direction] = a;
    deny[direction] = d;
  }
  const edd = isObject(spec.enableDefaultDeny) ? spec.enableDefaultDeny : {};
  const isolates = (d: Direction) => (typeof edd[d] === 'boolean' ? (edd[d] as boolean) : allow[d].length > 0 || deny[d].length > 0);
  const affects = { ingress: isolates('ingress') || allow.ingress.length > 0, egress: isolates('egress') || allow.egress.length > 0 };
  const joinsOnly = { ingress: !isolates('ingress') && allow.ingress.length > 0, egress: !isolates('egress') && allow.egress.length > 0 };
  if (affects.ingress || affects.egress) {
    const build = (ns: string): NetworkPolicy => ({
      id: `${ns}/${name}[${kind}]${suffix}`,
      kind,
      namespace: ns,
      name,
      podSelector: subject.pods,
      affects,
      ...(joinsOnly.ingress || joinsOnly.egress ? { joinsOnly } : {}),
      ingress: allow.ingress.map((r) => toRule(r, namespace)),
      egress: allow.egress.map((r) => toRule(r, namespace)),
      ref,
    });
    if (namespace !== undefined) out.policies.push(build(namespace));
    else out.clusterwide.push({ key: `${kind}//${name}${suffix}`, object: `${kind}//${name}`, namespaces: subject.namespaces === 'own' ? EVERYTHING : subject.namespaces, build });
  }
  if (deny.ingress.length > 0 || deny.egress.length > 0) {
    out.denies.push({
      id: namespace === undefined ? `${kind}/${name}${suffix}` : `${kind}/${namespace}/${name}${suffix}`,
      kind,
      name: namespace === undefined ? name : `${namespace}/${name}`,
      tier: 'Admin',
      priority: CILIUM_DENY_PRIORITY,
      subject: { namespaces: namespaceSelector(subject.namespaces, namespace), pods: subject.pods },
      ingress: deny.ingress.map((r) => toTierRule(r, namespace)),
      egress: deny.egress.map((r) => toTierRule(r, namespace)),
      ref,
    });
  }
  return true;
}

/**
 * CiliumClusterwideNetworkPolicy allow parts → one NetworkPolicy per namespace the subject's namespace part
 * selects: among the namespaces defined (with their labels) and those workloads and policies use (labelled
 * with their name only, as the engine reads them).
 */
export function clusterwideNamespaced(parts: readonly ClusterwideAllow[], defined: ReadonlyMap<string, Namespace>, workloads: Iterable<Workload>, policies: Iterable<NetworkPolicy>): NetworkPolicy[] {
  if (parts.length === 0) return [];
  const labels = new Map<string, Labels>();
  for (const ns of defined.values()) labels.set(ns.name, ns.labels);
  for (const x of [...workloads, ...policies]) if (!labels.has(x.namespace)) labels.set(x.namespace, { [NAMESPACE_NAME_LABEL]: x.namespace });
  const names = [...labels.keys()].sort();
  return parts.flatMap((p) => names.filter((ns) => matches(p.namespaces, labels.get(ns)!)).map((ns) => p.build(ns)));
}

/** The object a Cilium part of the model comes from, `Kind/namespace/name` (`Kind//name` when clusterwide), as object keys read. */
export function ciliumObjectKey(p: { readonly kind: CiliumPolicyKind; readonly name: string; readonly namespace?: string }): string {
  if (p.kind === 'CiliumClusterwideNetworkPolicy') return `${p.kind}//${p.name}`;
  // A NetworkPolicy part carries its namespace; a deny part's name is `namespace/name`.
  return p.namespace !== undefined ? `${p.kind}/${p.namespace}/${p.name}` : `${p.kind}/${p.name}`;
}

function namespaceSelector(ns: 'own' | LabelSelector, namespace: string | undefined): LabelSelector {
  if (ns !== 'own') return ns;
  return namespace === undefined ? EVERYTHING : { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace }, expressions: [] };
}

function toRule(r: CRule, namespace: string | undefined): Rule {
  if (r.peers === 'any') return { peers: 'any', ports: r.ports, ref: r.ref };
  const peers = r.peers.map((p) =>
    p.kind === 'pods'
      ? ({ kind: 'pods', namespaces: p.sel.namespaces === 'own' && namespace === undefined ? EVERYTHING : p.sel.namespaces, pods: p.sel.pods, ref: p.ref } satisfies PodPeer)
      : ({ kind: 'ipBlock', block: p.block, cidr: p.cidrs.join(', '), ref: p.ref } as const),
  );
  return { peers, ports: r.ports, ref: r.ref };
}

function toTierRule(r: CRule, namespace: string | undefined): TierRule {
  const everyone: TierPeer[] = [
    { kind: 'pods', namespaces: EVERYTHING, pods: EVERYTHING, ref: r.ref },
    { kind: 'networks', block: AddressSet.ALL, cidrs: ['0.0.0.0/0', '::/0'], ref: r.ref, outsideOnly: true },
  ];
  const peers: TierPeer[] =
    r.peers === 'any'
      ? everyone
      : r.peers.map((p) =>
          p.kind === 'pods'
            ? { kind: 'pods', namespaces: namespaceSelector(p.sel.namespaces, namespace), pods: p.sel.pods, ref: p.ref }
            : { kind: 'networks', block: p.block, cidrs: p.cidrs, ref: p.ref, outsideOnly: true },
        );
  const ports: TierRule['ports'] = r.ports === 'any' ? 'any' : r.ports.map((p): TierPortSpec => (p.port === ALL_PORTS ? { protocol: p.protocol, port: 1, endPort: 65535, ref: p.ref } : { protocol: p.protocol, port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), ref: p.ref }));
  return { action: 'Deny', peers, ports, ref: r.ref };
}

function readRules(scope: Scope, spec: Json, direction: Direction, isDeny: boolean, label: string, specRef: SourceRef): CRule[] | undefined {
  const { ctx } = scope;
  const field = isDeny ? `${direction}Deny` : direction;
  const raw = spec[field];
  if (raw === undefined || raw === null) return [];
  const list = asArray(raw);
  if (!list) return invalid(scope, `${label}.${field} must be a list`, ctx.keyRef(spec, field, specRef));
  const listRef = ctx.ref(list, ctx.keyRef(spec, field, specRef));
  const rules: CRule[] = [];
  for (const [i, r] of list.entries()) {
    const ref = ctx.itemRef(list, i, listRef);
    const where = `${scope.where}: ${label}.${field}[${i}]`;
    if (r === null || (isObject(r) && Object.keys(r).length === 0)) {
      // `{}`: no peer and no port, so it allows (or denies) nothing; it still puts the pods in default deny
      // that way ("Ingress/Egress Default Deny": `egress: [{}]` isolates "without whitelisting other peers").
      rules.push({ peers: [], ports: 'any', ref });
      continue;
    }
    if (!isObject(r)) return invalid(scope, `${label}.${field}[${i}] must be a map`, ref);
    const auth = isObject(r.authentication) ? r.authentication.mode : undefined;
    if (!isDeny && auth !== undefined && auth !== null && auth !== 'disabled') {
      // Mutual authentication (Cilium "Mutual Authentication"): traffic the rule allows is dropped until the handshake succeeds.
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.authentication: mutual authentication (mode ${quote(auth)}) is not analysed; the rule is read as allowing without it (the cluster may allow less)`, ctx.keyRef(r, 'authentication', ref));
    }
    const peers = readPeers(scope, r, direction, where, ref);
    const ports = readToPorts(scope, r, isDeny, where, ref);
    if (peers === undefined || ports === undefined) return undefined;
    rules.push({ peers, ports, ref });
  }
  return rules;
}

function readPeers(scope: Scope, r: Json, direction: Direction, where: string, ref: SourceRef): CRule['peers'] | undefined {
  const { ctx } = scope;
  const f = PEER_FIELDS[direction];
  const given = (k: string) => r[k] !== undefined && r[k] !== null;
  for (const k of f.unknowable) {
    if (given(k)) ctx.report('warning', 'UNSUPPORTED_PEER', `${where}.${k}: ${unknowableWhy(k)}; this peer is not analysed (it matches nothing here)`, ctx.keyRef(r, k, ref));
  }
  if (given(f.requires)) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.${f.requires}: requirements on the peer's labels across every rule are not analysed (the rules are read without them, so they may allow more than the cluster does)`, ctx.keyRef(r, f.requires, ref));
  }
  const l3 = [f.endpoints, f.cidr, f.cidrSet, f.entities, ...f.unknowable];
  if (!l3.some(given)) {
    // No L3 field: every peer on the rule's toPorts; without toPorts, no peer at all (Cilium's mergeIngress /
    // mergeEgress make an L3-only filter only from L3 selectors, and wildcard L3 only for each toPorts entry).
    // fromRequires alone grants nothing either (Cilium: it only narrows other rules).
    const ports = asArray(r.toPorts);
    return given(f.requires) || !ports || ports.length === 0 ? [] : 'any';
  }
  const peers: CPeer[] = [];
  const items = (k: string): { list: unknown[]; listRef: SourceRef } | undefined => {
    if (!given(k)) return { list: [], listRef: ref };
    const list = asArray(r[k]);
    if (!list) {
      invalid(scope, `${where.slice(scope.where.length + 2)}.${k} must be a list`, ctx.keyRef(r, k, ref));
      return undefined;
    }
    return { list, listRef: ctx.ref(list, ctx.keyRef(r, k, ref)) };
  };
  const eps = items(f.endpoints);
  const cidrs = items(f.cidr);
  const sets = items(f.cidrSet);
  const ents = items(f.entities);
  if (!eps || !cidrs || !sets || !ents) return undefined;
  for (const [i, e] of eps.list.entries()) {
    const pref = ctx.itemRef(eps.list, i, eps.listRef);
    if (!isObject(e)) return invalid(scope, `${f.endpoints}[${i}] must be a label selector`, pref);
    const sel = readEndpointSelector(scope, e, `${where.slice(scope.where.length + 2)}.${f.endpoints}[${i}]`, pref, false);
    if (!sel) return undefined;
    if (sel !== 'none') peers.push({ kind: 'pods', sel, ref: pref });
  }
  for (const [i, c] of cidrs.list.entries()) {
    const pref = ctx.itemRef(cidrs.list, i, cidrs.listRef);
    const block = readCidr(scope, c, [], `${f.cidr}[${i}]`, pref);
    if (!block) return undefined;
    peers.push({ kind: 'addresses', block, cidrs: [String(c)], ref: pref });
  }
  for (const [i, s] of sets.list.entries()) {
    const pref = ctx.itemRef(sets.list, i, sets.listRef);
    if (!isObject(s)) return invalid(scope, `${f.cidrSet}[${i}] must be a map`, pref);
    if (s.cidr === undefined || s.cidr === null) {
      ctx.report('warning', 'UNSUPPORTED_PEER', `${where}.${f.cidrSet}[${i}]: a CiliumCIDRGroup reference (cidrGroupRef / cidrGroupSelector) names addresses the policy does not hold; this peer is not analysed`, pref);
      continue;
    }
    const block = readCidr(scope, s.cidr, asArray(s.except) ?? [], `${f.cidrSet}[${i}]`, pref);
    if (!block) return undefined;
    peers.push({ kind: 'addresses', block, cidrs: [String(s.cidr)], ref: pref });
  }
  const unknowable: string[] = [];
  for (const [i, e] of ents.list.entries()) {
    const pref = ctx.itemRef(ents.list, i, ents.listRef);
    const entity = String(e);
    if (entity === 'world' || entity === 'all') peers.push({ kind: 'addresses', block: AddressSet.ALL, cidrs: ['0.0.0.0/0', '::/0'], ref: pref });
    if (entity === 'world-ipv4') peers.push({ kind: 'addresses', block: AddressSet.ALL_V4, cidrs: ['0.0.0.0/0'], ref: pref });
    if (entity === 'world-ipv6') peers.push({ kind: 'addresses', block: AddressSet.ALL_V6, cidrs: ['::/0'], ref: pref });
    if (entity === 'cluster' || entity === 'all') peers.push({ kind: 'pods', sel: { namespaces: EVERYTHING, pods: EVERYTHING }, ref: pref });
    if (UNKNOWABLE_ENTITIES.has(entity)) unknowable.push(entity);
    else if (!['world', 'world-ipv4', 'world-ipv6', 'cluster', 'all'].includes(entity)) {
      return invalid(scope, `${f.entities}[${i}]: ${quote(e)} is not a Cilium entity`, pref);
    }
  }
  if (unknowable.length > 0) {
    // One warning for the field, not one per entity: `fromEntities: [host, remote-node, ingress]` is one
    // idiom (node and ingress traffic), written in every policy of a repository that uses it.
    const [what, verb, peer] = unknowable.length === 1 ? ['entity', 'is', 'this peer is not analysed (it matches'] : ['entities', 'are', 'these peers are not analysed (they match'];
    ctx.report('warning', 'UNSUPPORTED_PEER', `${where}.${f.entities}: ${what} ${unknowable.map((x) => quote(x)).join(', ')} (nodes, the API server or Cilium's own endpoints) ${verb} not in manifests; ${peer} nothing here)`, ctx.keyRef(r, f.entities, ref));
  }
  return peers;
}

function unknowableWhy(field: string): string {
  if (field.endsWith('Nodes')) return 'nodes are selected by node labels, which manifests do not hold';
  if (field.endsWith('Groups')) return 'cloud provider groups are resolved to addresses in the cloud, not in manifests';
  if (field === 'toServices') return 'Services without a selector name endpoints the manifests do not resolve';
  return 'DNS names resolve to addresses only at run time';
}

function readCidr(scope: Scope, raw: unknown, excepts: readonly unknown[], label: string, ref: SourceRef): AddressSet | undefined {
  const c = parseCidr(String(raw));
  if (!c.ok) return invalid(scope, `${label}: ${quote(raw)} ${c.reason}`, ref);
  let block = c.set;
  for (const e of excepts) {
    const ex = parseCidr(String(e));
    if (!ex.ok) return invalid(scope, `${label}.except: ${quote(e)} ${ex.reason}`, ref);
    block = block.subtract(ex.set);
  }
  return block;
}

/** `toPorts`: absent or empty, every port; each entry's `ports` (absent: every port), protocol TCP/UDP/SCTP/ANY. */
function readToPorts(scope: Scope, r: Json, isDeny: boolean, where: string, ref: SourceRef): CRule['ports'] | undefined {
  const { ctx } = scope;
  if (r.icmps !== undefined && r.icmps !== null && (r.toPorts === undefined || r.toPorts === null)) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.icmps: ICMP is not analysed (only TCP, UDP and SCTP); this rule matches none of them`, ctx.keyRef(r, 'icmps', ref));
    return [];
  }
  if (r.toPorts === undefined || r.toPorts === null) return 'any';
  const list = asArray(r.toPorts);
  if (!list) return invalid(scope, `toPorts must be a list`, ctx.keyRef(r, 'toPorts', ref));
  if (list.length === 0) return 'any';
  const listRef = ctx.ref(list, ctx.keyRef(r, 'toPorts', ref));
  const out: PortSpec[] = [];
  for (const [i, pr] of list.entries()) {
    const pref = ctx.itemRef(list, i, listRef);
    if (!isObject(pr)) return invalid(scope, `toPorts[${i}] must be a map`, pref);
    if (!isDeny && pr.rules !== undefined && pr.rules !== null) {
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.toPorts[${i}].rules: L7 rules are not analysed; the rule is read as allowing its whole L4 ports (the cluster may allow less)`, ctx.keyRef(pr, 'rules', pref));
    }
    const ports = asArray(pr.ports);
    if (!ports || ports.length === 0) {
      out.push(...(['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ protocol, port: ALL_PORTS, ref: pref })));
      continue;
    }
    const portsRef = ctx.ref(ports, pref);
    for (const [j, p] of ports.entries()) {
      const ppref = ctx.itemRef(ports, j, portsRef);
      const spec = readPortProtocol(scope, p, `toPorts[${i}].ports[${j}]`, ppref);
      if (!spec) return undefined;
      out.push(...spec);
    }
  }
  return out;
}

function readPortProtocol(scope: Scope, p: unknown, label: string, ref: SourceRef): PortSpec[] | undefined {
  if (!isObject(p)) return invalid(scope, `${label} must be a map`, ref);
  const proto = p.protocol === undefined || p.protocol === null || p.protocol === '' ? 'ANY' : String(p.protocol).toUpperCase();
  if (!['TCP', 'UDP', 'SCTP', 'ANY'].includes(proto)) {
    scope.ctx.report('error', 'UNKNOWN_PROTOCOL', `${scope.where}: ${label}: protocol ${quote(p.protocol)} is not TCP, UDP, SCTP or ANY`, ref);
    return undefined;
  }
  const protocols: Protocol[] = proto === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : [proto as Protocol];
  const rawPort = p.port === undefined || p.port === null ? '0' : String(p.port);
  if (/^\d+$/.test(rawPort)) {
    const port = Number(rawPort);
    if (port > 65535) {
      scope.ctx.report('error', 'PORT_OUT_OF_RANGE', `${scope.where}: ${label}.port: ${quote(p.port)} is not a port in 0-65535`, ref);
      return undefined;
    }
    // Port 0 (or none) is every port of the protocol.
    if (port === 0) return protocols.map((protocol) => ({ protocol, port: ALL_PORTS, ref }));
    const end = typeof p.endPort === 'number' && p.endPort > port ? p.endPort : undefined;
    if (typeof p.endPort === 'number' && p.endPort !== 0 && p.endPort < port) {
      scope.ctx.report('error', 'ENDPORT_BELOW_PORT', `${scope.where}: ${label}: endPort ${p.endPort} is below port ${port}`, ref);
      return undefined;
    }
    return protocols.map((protocol) => ({ protocol, port, ...(end !== undefined ? { endPort: Math.min(end, 65535) } : {}), ref }));
  }
  // A named container port (Cilium ignores endPort with a name).
  return protocols.map((protocol) => ({ protocol, port: rawPort.toLowerCase(), ref }));
}

/**
 * A Cilium EndpointSelector → a namespace part and a pod part. `subject`: the policy's endpointSelector,
 * whose namespace is the policy's (a namespaced kind). `none`: a peer that can select no pod we model
 * (a `reserved:` identity label), said in a warning.
 */
function readEndpointSelector(scope: Scope, raw: Json, label: string, ref: SourceRef, subject: true): PeerSelector | undefined;
function readEndpointSelector(scope: Scope, raw: Json, label: string, ref: SourceRef, subject: false): PeerSelector | 'none' | undefined;
function readEndpointSelector(scope: Scope, raw: Json, label: string, ref: SourceRef, subject: boolean): PeerSelector | 'none' | undefined {
  const { ctx, namespace } = scope;
  const podLabels: Record<string, string> = {};
  const podExpr: Requirement[] = [];
  const nsLabels: Record<string, string> = {};
  const nsExpr: Requirement[] = [];
  let nsConstrained = false;
  let none = false;
  const place = (rawKey: string, add: (target: 'pod' | 'ns', key: string) => void): boolean => {
    if (/^reserved:/.test(rawKey)) {
      ctx.report('warning', 'UNSUPPORTED_PEER', `${scope.where}: ${label}: ${quote(rawKey)} selects a Cilium identity (host, world, health …), not pods in manifests; this selector is not analysed`, ref);
      none = true;
      return true;
    }
    const key = rawKey.replace(POD_SOURCES, '');
    if (/^[a-z0-9-]+:/.test(key) && !key.includes('/')) {
      ctx.report('warning', 'UNSUPPORTED_PEER', `${scope.where}: ${label}: label source of ${quote(rawKey)} is not a Kubernetes pod label; this selector is not analysed`, ref);
      none = true;
      return true;
    }
    if (key === NAMESPACE_KEY) {
      nsConstrained = true;
      add('ns', NAMESPACE_NAME_LABEL);
    } else if (key.startsWith(NAMESPACE_LABELS_PREFIX)) {
      if (namespace !== undefined) {
        ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: ${quote(rawKey)} is ignored in a CiliumNetworkPolicy (Cilium reads namespace labels only in a CiliumClusterwideNetworkPolicy)`, ref);
        return true;
      }
      nsConstrained = true;
      add('ns', key.slice(NAMESPACE_LABELS_PREFIX.length));
    } else if (key.startsWith('io.cilium.k8s.policy.')) {
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: ${quote(rawKey)} (service account, cluster) is not a pod label in manifests; the requirement is not analysed (the selector is read without it)`, ref);
    } else add('pod', key);
    return true;
  };
  const ml = raw.matchLabels;
  if (ml !== undefined && ml !== null && !isObject(ml)) return invalid(scope, `${label}.matchLabels must be a map`, ref);
  for (const [k, v] of Object.entries(isObject(ml) ? ml : {})) {
    place(k, (target, key) => ((target === 'pod' ? podLabels : nsLabels)[key] = v === null || v === undefined ? '' : String(v)));
  }
  const me = raw.matchExpressions;
  if (me !== undefined && me !== null && !Array.isArray(me)) return invalid(scope, `${label}.matchExpressions must be a list`, ref);
  for (const e of asArray(me) ?? []) {
    if (!isObject(e) || typeof e.key !== 'string' || !['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(String(e.operator))) {
      return invalid(scope, `${label}.matchExpressions: each entry needs a key and an operator In, NotIn, Exists or DoesNotExist`, ref);
    }
    const values = (asArray(e.values) ?? []).map(String);
    place(e.key, (target, key) => {
      // `io.kubernetes.pod.namespace Exists` is every namespace: the constraint alone, no requirement to carry.
      if (target === 'ns' && key === NAMESPACE_NAME_LABEL && e.operator === 'Exists') return;
      (target === 'pod' ? podExpr : nsExpr).push({ key, op: e.operator as Operator, values });
    });
  }
  if (none && !subject) return 'none';
  const pods: LabelSelector = { matchLabels: podLabels, expressions: podExpr };
  const ns: LabelSelector = { matchLabels: nsLabels, expressions: nsExpr };
  if (subject && namespace !== undefined) {
    // The endpointSelector of a namespaced policy always applies in the policy's namespace.
    const ownOnly = nsExpr.length === 0 && Object.keys(nsLabels).length === 1 && nsLabels[NAMESPACE_NAME_LABEL] === namespace;
    if (nsConstrained && !ownOnly) ctx.report('warning', 'UNSUPPORTED_FIELD', `${scope.where}: ${label}: a namespace constraint in the endpointSelector of a CiliumNetworkPolicy is ignored (it selects pods of ${namespace} only)`, ref);
    return { namespaces: 'own', pods };
  }
  return { namespaces: nsConstrained ? ns : namespace === undefined ? EVERYTHING : 'own', pods };
}
