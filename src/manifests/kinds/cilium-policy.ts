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
 * - Default deny (Rule.EnableDefaultDeny): a direction is default-deny when the spec has rules in it, allow or
 *   deny (`ingress` or `ingressDeny` non-empty), and only then (`enableDefaultDeny: {ingress: true}` alone
 *   isolates nothing: Cilium enforces a direction only for rules that way); `enableDefaultDeny: {ingress: false}`
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
 *
 * This file reads a spec and makes the model's parts; the rules and their peers are read by cilium-rules.ts,
 * their ports by cilium-ports.ts, endpoint selectors by cilium-selector.ts.
 */
import { AddressSet } from '../../engine/address-set.js';
import type {
  ClusterPolicy,
  CiliumPolicyKind,
  Direction,
  LabelSelector,
  Labels,
  Namespace,
  NetworkPolicy,
  PodPeer,
  Rule,
  ScopedPolicy,
  SourceRef,
  TierPeer,
  TierPortSpec,
  TierRule,
  Workload,
} from '../../engine/model.js';
import { ALL_PORTS, CILIUM_DENY_PRIORITY, CILIUM_POLICY_KIND_LIST, DIRECTIONS, NAMESPACE_NAME_LABEL } from '../../engine/model.js';
import { EVERYTHING, matches } from '../../engine/selectors.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { CILIUM_DEFAULT_DENY, CILIUM_SPEC, warnUnknownFields } from './cilium-fields.js';
import { readRules } from './cilium-rules.js';
import type { CPeer, CRule, Scope } from './cilium-scope.js';
import { CidrGroups, unresolvedGroupText } from './cilium-cidr-group.js';
import { invalid } from './cilium-scope.js';
import { readEndpointSelector } from './cilium-selector.js';

export const CILIUM_API_VERSION = 'cilium.io/v2';
export const CILIUM_POLICY_KINDS: ReadonlySet<string> = new Set<CiliumPolicyKind>(CILIUM_POLICY_KIND_LIST);

/** What one Cilium object becomes: NetworkPolicy-tier parts (allow rules, default deny) and Admin-tier deny parts. */
export interface CiliumRead {
  readonly policies: NetworkPolicy[];
  readonly denies: ClusterPolicy[];
  /** CiliumClusterwideNetworkPolicy allow parts: one NetworkPolicy per namespace its selector matches (`clusterwideNamespaced`, `scopedPolicy`). */
  readonly clusterwide: ClusterwideAllow[];
  /**
   * Present when a rule names CiliumCIDRGroups (`cidrGroupRef`, `cidrGroupSelector`): the parts above are then
   * empty, and made by `resolveCiliumDeferred` once the build's groups are known (load.ts mergeDocuments).
   */
  readonly deferred?: CiliumDeferred;
}

/** A Cilium object whose rules name CiliumCIDRGroups, read, its parts made when the groups are known. */
export interface CiliumDeferred {
  /** The object's key (`CiliumNetworkPolicy/ns/name`, `CiliumClusterwideNetworkPolicy//name`): last copies shadow earlier ones by it. */
  readonly key: string;
  /** The group peers of its rules, in order: what they name and where (for the warning when no group answers). */
  readonly peers: readonly Extract<CPeer, { kind: 'group' }>[];
  readonly build: (groups: CidrGroups) => CiliumRead;
}

/** A clusterwide spec's allow part before the namespaces are known: made per namespace by `build`. */
export interface ClusterwideAllow {
  /** The object's key (`CiliumClusterwideNetworkPolicy//name`) and spec: last copies shadow earlier ones by it. */
  readonly key: string;
  readonly object: string;
  readonly namespaces: LabelSelector;
  readonly build: (namespace: string) => NetworkPolicy;
}

/** A spec as read, before its rules become model parts. */
interface SpecRead {
  readonly subject: { readonly namespaces: 'own' | LabelSelector; readonly pods: LabelSelector };
  readonly allow: Record<Direction, CRule[]>;
  readonly deny: Record<Direction, CRule[]>;
  readonly isolates: Record<Direction, boolean>;
  readonly suffix: string;
  readonly ref: SourceRef;
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
  const reads: SpecRead[] = [];
  for (const s of specs) {
    const read = readSpec(scope, s.spec, s.label, s.suffix, s.ref);
    if (read === false) return undefined;
    if (read) reads.push(read);
  }
  const make = (groups: CidrGroups): CiliumRead => {
    const out: CiliumRead = { policies: [], denies: [], clusterwide: [] };
    for (const r of reads) makeParts(scope, r, name, groups, out);
    return out;
  };
  const peers = reads.flatMap((r) => [...DIRECTIONS.flatMap((d) => [...r.allow[d], ...r.deny[d]])].flatMap((rule) => (rule.peers === 'any' ? [] : rule.peers.filter((p): p is Extract<CPeer, { kind: 'group' }> => p.kind === 'group'))));
  if (peers.length === 0) return make(CidrGroups.NONE);
  return { policies: [], denies: [], clusterwide: [], deferred: { key: ciliumObjectKey({ kind, name, ...(namespace !== undefined ? { namespace } : {}) }), peers, build: make } };
}

/**
 * A deferred object's parts with the build's CiliumCIDRGroups, memoised per object while what its groups
 * resolve to stays (base and head share an unchanged file's parts, as they do for every other policy);
 * `warn` gets an UNSUPPORTED_PEER warning per reference no group answers.
 */
export function resolveCiliumDeferred(d: CiliumDeferred, groups: CidrGroups, warn?: (message: string, ref: SourceRef) => void): CiliumRead {
  if (warn) for (const p of d.peers) if (!groups.resolve(p.use)) warn(`${p.where}: ${unresolvedGroupText(p.use, groups)}; this peer is not analysed (it matches nothing here)`, p.ref);
  const signature = groups.signature(d.peers.map((p) => p.use));
  let memo = deferredParts.get(d);
  if (!memo) deferredParts.set(d, (memo = new Map()));
  let read = memo.get(signature);
  if (!read) memo.set(signature, (read = d.build(groups)));
  return read;
}

const deferredParts = new WeakMap<CiliumDeferred, Map<string, CiliumRead>>();

/** A spec's subject and rules; null when it is not analysed (a host policy, said), false when invalid (reported). */
function readSpec(scope: Scope, spec: Json, label: string, suffix: string, ref: SourceRef): SpecRead | null | false {
  const { ctx } = scope;
  const where = `${scope.where}: ${label}`;
  if (spec.nodeSelector !== undefined && spec.nodeSelector !== null) {
    // Host policies select nodes (their host-network traffic), which manifests do not hold.
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${where}.nodeSelector: a host policy applies to nodes, which manifests do not hold; this spec is not analysed`, ctx.keyRef(spec, 'nodeSelector', ref));
    return null;
  }
  warnUnknownFields(scope, spec, CILIUM_SPEC, label, ref);
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
  warnUnknownFields(scope, edd, CILIUM_DEFAULT_DENY, `${label}.enableDefaultDeny`, ctx.keyRef(spec, 'enableDefaultDeny', ref));
  // Cilium enforces a direction only for a spec with rules that way (its policy repository's
  // computePolicyEnforcementAndRules: `len(r.Egress) > 0 || len(r.EgressDeny) > 0`, then EnableDefaultDeny):
  // `enableDefaultDeny: {egress: true}` without egress rules isolates nothing.
  const isolates = (d: Direction) => (allow[d].length > 0 || deny[d].length > 0) && edd[d] !== false;
  return { subject, allow, deny, isolates: { ingress: isolates('ingress'), egress: isolates('egress') }, suffix, ref };
}

/** A spec's model parts, its CIDR group peers resolved with `groups`, into `out`. */
function makeParts(scope: Scope, s: SpecRead, name: string, groups: CidrGroups, out: CiliumRead): void {
  const { kind, namespace } = scope;
  const { subject, allow, deny, isolates, suffix, ref } = s;
  const affects = { ingress: isolates.ingress || allow.ingress.length > 0, egress: isolates.egress || allow.egress.length > 0 };
  const joinsOnly = { ingress: !isolates.ingress && allow.ingress.length > 0, egress: !isolates.egress && allow.egress.length > 0 };
  if (affects.ingress || affects.egress) {
    const build = (ns: string): NetworkPolicy => ({
      id: `${ns}/${name}[${kind}]${suffix}`,
      kind,
      namespace: ns,
      name,
      podSelector: subject.pods,
      affects,
      ...(joinsOnly.ingress || joinsOnly.egress ? { joinsOnly } : {}),
      ingress: allow.ingress.map((r) => toRule(r, namespace, groups)),
      egress: allow.egress.map((r) => toRule(r, namespace, groups)),
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
      ingress: deny.ingress.map((r) => toTierRule(r, namespace, groups)),
      egress: deny.egress.map((r) => toTierRule(r, namespace, groups)),
      ref,
    });
  }
}

/**
 * CiliumClusterwideNetworkPolicy allow parts → one NetworkPolicy per namespace the subject's namespace part
 * selects: among the namespaces defined (with their labels) and those workloads and policies use (labelled
 * with their name only, as the engine reads them). The other namespaces of the cluster get theirs from the
 * engine (`scopedPolicy` below; engine/cluster-scope.ts), named alike.
 */
export function clusterwideNamespaced(parts: readonly ClusterwideAllow[], defined: ReadonlyMap<string, Namespace>, workloads: Iterable<Workload>, policies: Iterable<NetworkPolicy>): NetworkPolicy[] {
  if (parts.length === 0) return [];
  const labels = new Map<string, Labels>();
  for (const ns of defined.values()) labels.set(ns.name, ns.labels);
  for (const x of [...workloads, ...policies]) if (!labels.has(x.namespace)) labels.set(x.namespace, { [NAMESPACE_NAME_LABEL]: x.namespace });
  const names = [...labels.keys()].sort();
  return parts.flatMap((p) => names.filter((ns) => matches(p.namespaces, labels.get(ns)!)).map((ns) => p.build(ns)));
}

/**
 * A clusterwide allow part as the engine's cluster-scoped part (model.ts `ScopedPolicy`): its copy in namespace
 * `""`, so that a copy in any namespace, one the manifests hold or a region of those they do not, is named as
 * `clusterwideNamespaced` names it. One object per part object (base and head share unchanged files' parts).
 */
export function scopedPolicy(part: ClusterwideAllow): ScopedPolicy {
  let scoped = scopedParts.get(part);
  if (!scoped) scopedParts.set(part, (scoped = { namespaces: part.namespaces, policy: part.build('') }));
  return scoped;
}

const scopedParts = new WeakMap<ClusterwideAllow, ScopedPolicy>();

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

/** A group peer's addresses among `groups`, as an address peer; undefined when no group answers (it matches nothing). */
function groupAddresses(p: Extract<CPeer, { kind: 'group' }>, groups: CidrGroups): Extract<CPeer, { kind: 'addresses' }> | undefined {
  const found = groups.resolve(p.use);
  return found ? { kind: 'addresses', block: found.block, cidrs: found.cidrs, ref: p.ref, written: p.written } : undefined;
}

/** The rule's peers with its group peers resolved (those no group answers left out: they match nothing). */
function resolvedPeers(r: CRule, groups: CidrGroups): 'any' | Exclude<CPeer, { kind: 'group' }>[] {
  if (r.peers === 'any') return 'any';
  return r.peers.flatMap((p) => (p.kind !== 'group' ? [p] : (groupAddresses(p, groups) ?? [])));
}

function toRule(r: CRule, namespace: string | undefined, groups: CidrGroups): Rule {
  const read = resolvedPeers(r, groups);
  if (read === 'any') return { peers: 'any', ports: r.ports, ref: r.ref };
  const peers = read.map((p) =>
    p.kind === 'pods'
      ? ({ kind: 'pods', namespaces: p.sel.namespaces === 'own' && namespace === undefined ? EVERYTHING : p.sel.namespaces, pods: p.sel.pods, ref: p.ref, written: p.written } satisfies PodPeer)
      : ({ kind: 'ipBlock', block: p.block, cidr: p.cidrs.join(', '), ref: p.ref, written: p.written } as const),
  );
  return { peers, ports: r.ports, ref: r.ref, ...(r.hostEntity ? { hostEntity: r.hostEntity } : {}) };
}

function toTierRule(r: CRule, namespace: string | undefined, groups: CidrGroups): TierRule {
  const everyone: TierPeer[] = [
    { kind: 'pods', namespaces: EVERYTHING, pods: EVERYTHING, ref: r.ref },
    { kind: 'networks', block: AddressSet.ALL, cidrs: ['0.0.0.0/0', '::/0'], ref: r.ref, outsideOnly: true },
  ];
  const read = resolvedPeers(r, groups);
  const peers: TierPeer[] =
    read === 'any'
      ? everyone
      : read.map((p) =>
          p.kind === 'pods'
            ? { kind: 'pods', namespaces: namespaceSelector(p.sel.namespaces, namespace), pods: p.sel.pods, ref: p.ref }
            : { kind: 'networks', block: p.block, cidrs: p.cidrs, ref: p.ref, outsideOnly: true },
        );
  const ports: TierRule['ports'] = r.ports === 'any' ? 'any' : r.ports.map((p): TierPortSpec => (p.port === ALL_PORTS ? { protocol: p.protocol, port: 1, endPort: 65535, ref: p.ref } : { protocol: p.protocol, port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), ref: p.ref }));
  return { action: 'Deny', peers, ports, ref: r.ref };
}
