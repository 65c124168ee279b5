/**
 * policy.networking.k8s.io cluster-wide policies → the engine's one `ClusterPolicy` shape:
 * v1alpha1 AdminNetworkPolicy (tier Admin) and BaselineAdminNetworkPolicy (tier Baseline, the one
 * named `default`), v1alpha2 ClusterNetworkPolicy (`tier: Admin | Baseline`, `Accept` = Allow).
 * Validated as their CRDs define it; an invalid object is reported and not applied.
 */
import type { CalicoPolicyKind, CiliumPolicyKind, ClusterPolicy, ClusterPolicyKind, ClusterSubject, Direction, SourceRef, Tier, TierAction, TierRule } from '../../engine/model.js';
import { quote } from '../quote.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { readSelector } from './selector.js';
import { checkFields, readMap } from '../field-checks.js';
import { ADMIN_POLICY_SPEC, BASELINE_POLICY_SPEC, CLUSTER_NETWORK_POLICY_SPEC, NAMESPACED_POD, tierRule } from '../known-fields.js';
import { readTierPeers, readTierPorts } from './tier-rule-parts.js';

/** The network-policy API's kinds (the Cilium kinds share the model, not this reader). */
export type NetworkPolicyApiKind = Exclude<ClusterPolicyKind, CiliumPolicyKind | CalicoPolicyKind>;

export const CLUSTER_POLICY_KINDS: ReadonlyMap<ClusterPolicyKind, string> = new Map([
  ['AdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1'],
  ['BaselineAdminNetworkPolicy', 'policy.networking.k8s.io/v1alpha1'],
  ['ClusterNetworkPolicy', 'policy.networking.k8s.io/v1alpha2'],
]);

/** What differs between the kinds; everything else is read by the same code. */
export interface KindRules {
  readonly kind: ClusterPolicyKind;
  readonly version: 'v1alpha1' | 'v1alpha2';
  /** Rule actions as written, and what each means. */
  readonly actions: Readonly<Record<string, TierAction>>;
  /** MaxItems of `ingress`/`egress`, of `from`/`to`, and of `ports`/`protocols`. */
  readonly maxRules: number;
  readonly maxPeers: number;
}

const V1ALPHA1_LIMITS = { maxRules: 100, maxPeers: 100 };
const V1ALPHA2_LIMITS = { maxRules: 25, maxPeers: 25 };

const KIND_RULES: Record<NetworkPolicyApiKind, KindRules> = {
  AdminNetworkPolicy: { kind: 'AdminNetworkPolicy', version: 'v1alpha1', actions: { Allow: 'Allow', Deny: 'Deny', Pass: 'Pass' }, ...V1ALPHA1_LIMITS },
  BaselineAdminNetworkPolicy: { kind: 'BaselineAdminNetworkPolicy', version: 'v1alpha1', actions: { Allow: 'Allow', Deny: 'Deny' }, ...V1ALPHA1_LIMITS },
  ClusterNetworkPolicy: { kind: 'ClusterNetworkPolicy', version: 'v1alpha2', actions: { Accept: 'Allow', Deny: 'Deny', Pass: 'Pass' }, ...V1ALPHA2_LIMITS },
};

const PEER_KEY: Record<Direction, 'from' | 'to'> = { ingress: 'from', egress: 'to' };

/**
 * The ports field is `ports` in v1alpha1 and `protocols` in v1alpha2 (network-policy-api v0.2; drafts of
 * v1alpha2 before it still said `ports`): the other kind's name is told as such, not as a typo.
 */
const PORTS_KEY_HINTS: Record<KindRules['version'], Readonly<Record<string, string>>> = {
  v1alpha1: { protocols: 'this kind names its ports `ports`, with `portNumber`, `portRange` or `namedPort` entries; `protocols` is ClusterNetworkPolicy\'s field' },
  v1alpha2: { ports: 'ClusterNetworkPolicy names its ports `protocols`, with `tcp`, `udp` or `sctp` entries; `ports` is AdminNetworkPolicy\'s field, and that of v1alpha2 drafts before network-policy-api v0.2' },
};

export function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export function readClusterPolicy(ctx: DocContext, obj: Json, kind: NetworkPolicyApiKind, name: string): ClusterPolicy | undefined {
  const k = KIND_RULES[kind];
  const ref = ctx.ref(obj);
  const where = `${kind} ${name}`;
  if (obj.spec === undefined || obj.spec === null) {
    ctx.report('error', 'MISSING_FIELD', `${where}: spec is required`, ref);
    return undefined;
  }
  const spec = readMap(ctx, obj, 'spec', `${where}: spec`, ref);
  if (!spec) return undefined;
  const specRef = ctx.ref(spec, ref);
  const specFields = kind === 'AdminNetworkPolicy' ? ADMIN_POLICY_SPEC : kind === 'BaselineAdminNetworkPolicy' ? BASELINE_POLICY_SPEC : CLUSTER_NETWORK_POLICY_SPEC;
  if (!checkFields(ctx, spec, specFields, `${where}: spec`, specRef)) return undefined;
  // "Only one baseline admin network policy with metadata.name="default" can be created" (v1alpha1).
  if (kind === 'BaselineAdminNetworkPolicy' && name !== 'default') {
    ctx.report('error', 'INVALID_FIELD', `${where}: a BaselineAdminNetworkPolicy must be named "default"`, ref);
    return undefined;
  }
  const tier = readTier(ctx, spec, k, where, specRef);
  const priority = kind === 'BaselineAdminNetworkPolicy' ? 0 : readPriority(ctx, spec, where, specRef);
  const subject = readSubject(ctx, spec.subject, where, ctx.fieldRef(spec, 'subject', specRef));
  const ingress = readRules(ctx, spec, 'ingress', k, where, specRef);
  const egress = readRules(ctx, spec, 'egress', k, where, specRef);
  if (!tier || priority === undefined || !subject || !ingress || !egress) return undefined;
  return { id: `${kind}/${name}`, kind, name, tier, priority, subject, ingress, egress, ref };
}

function readTier(ctx: DocContext, spec: Json, k: KindRules, where: string, ref: SourceRef): Tier | undefined {
  if (k.kind === 'AdminNetworkPolicy') return 'Admin';
  if (k.kind === 'BaselineAdminNetworkPolicy') return 'Baseline';
  if (spec.tier === 'Admin' || spec.tier === 'Baseline') return spec.tier;
  ctx.report('error', 'INVALID_FIELD', `${where}: spec.tier must be Admin or Baseline${present(spec.tier) ? `, not ${quote(spec.tier)}` : ''}`, ctx.keyRef(spec, 'tier', ref));
  return undefined;
}

/** "Priority is a value from 0 to 1000" (Minimum=0, Maximum=1000); required. */
function readPriority(ctx: DocContext, spec: Json, where: string, ref: SourceRef): number | undefined {
  const p = spec.priority;
  if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 1000) return p;
  ctx.report('error', 'INVALID_PRIORITY', `${where}: spec.priority must be an integer from 0 to 1000${present(p) ? `, not ${quote(p)}` : ''}`, ctx.keyRef(spec, 'priority', ref));
  return undefined;
}

/** Exactly one of `namespaces` and `pods` (MinProperties=1, MaxProperties=1). */
function readSubject(ctx: DocContext, raw: unknown, where: string, fallback: SourceRef): ClusterSubject | undefined {
  const ref = ctx.ref(raw, fallback);
  if (!isObject(raw)) {
    ctx.report('error', 'MISSING_FIELD', `${where}: spec.subject is required`, ref);
    return undefined;
  }
  const set = ['namespaces', 'pods'].filter((f) => present(raw[f]));
  if (set.length !== 1 || Object.keys(raw).some((f) => f !== 'namespaces' && f !== 'pods' && present(raw[f]))) {
    ctx.report('error', 'INVALID_FIELD', `${where}: spec.subject must set exactly one of namespaces and pods`, ref);
    return undefined;
  }
  return readNamespacedPods(ctx, raw, `${where}: spec.subject`, ref);
}

/** `namespaces: <selector>` (every pod there) or `pods: {namespaceSelector, podSelector}` (both ANDed). */
export function readNamespacedPods(ctx: DocContext, holder: Json, where: string, ref: SourceRef): ClusterSubject | undefined {
  if (present(holder.namespaces)) {
    const namespaces = readSelector(ctx, holder.namespaces, `${where}.namespaces`, ctx.fieldRef(holder, 'namespaces', ref), 'namespaces');
    return namespaces && { namespaces, pods: { matchLabels: {}, expressions: [] } };
  }
  if (!isObject(holder.pods)) {
    ctx.report('error', 'INVALID_FIELD', `${where}.pods must be a map`, ctx.keyRef(holder, 'pods', ctx.ref(holder.pods, ref)));
    return undefined;
  }
  if (!checkFields(ctx, holder.pods, NAMESPACED_POD, `${where}.pods`, ctx.ref(holder.pods, ref))) return undefined;
  const namespaces = readSelector(ctx, holder.pods.namespaceSelector, `${where}.pods.namespaceSelector`, ctx.fieldRef(holder.pods, 'namespaceSelector', ref), 'namespaces');
  const pods = readSelector(ctx, holder.pods.podSelector, `${where}.pods.podSelector`, ctx.fieldRef(holder.pods, 'podSelector', ref));
  return namespaces && pods && { namespaces, pods };
}

function readRules(ctx: DocContext, spec: Json, direction: Direction, k: KindRules, where: string, ref: SourceRef): TierRule[] | undefined {
  const raw = spec[direction];
  if (!present(raw)) return [];
  const list = asArray(raw);
  if (!list) {
    ctx.report('error', 'INVALID_FIELD', `${where}: spec.${direction} must be a list`, ctx.keyRef(spec, direction, ctx.ref(raw, ref)));
    return undefined;
  }
  const listRef = ctx.ref(list, ref);
  if (list.length > k.maxRules) {
    ctx.report('error', 'TOO_MANY_ITEMS', `${where}: spec.${direction} has ${list.length} rules; at most ${k.maxRules} are allowed`, listRef);
    return undefined;
  }
  const rules: TierRule[] = [];
  let ok = true;
  list.forEach((r, i) => {
    const rule = readRule(ctx, r, direction, k, `${where}: spec.${direction}[${i}]`, ctx.itemRef(list, i, listRef), `${direction}[${i}]`);
    if (rule) rules.push(rule);
    else ok = false;
  });
  return ok ? rules : undefined;
}

/** `path`: the rule as written from its list (`ingress[0]`), leading its peers' `written` fields. */
function readRule(ctx: DocContext, r: unknown, direction: Direction, k: KindRules, label: string, ref: SourceRef, path: string): TierRule | undefined {
  if (!isObject(r)) {
    ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, ref);
    return undefined;
  }
  if (!checkFields(ctx, r, tierRule(PEER_KEY[direction], k.version === 'v1alpha1' ? 'ports' : 'protocols'), label, ref, PORTS_KEY_HINTS[k.version])) return undefined;
  const action = typeof r.action === 'string' ? k.actions[r.action] : undefined;
  if (!action || !Object.hasOwn(k.actions, r.action as string)) {
    ctx.report('error', 'INVALID_FIELD', `${label}: action must be one of ${Object.keys(k.actions).join(', ')}${present(r.action) ? `, not ${quote(r.action)}` : ''}`, ctx.keyRef(r, 'action', ref));
    return undefined;
  }
  if (present(r.name) && (typeof r.name !== 'string' || r.name.length > 100)) {
    ctx.report('error', 'INVALID_FIELD', `${label}: name must be a string of at most 100 characters`, ctx.keyRef(r, 'name', ref));
    return undefined;
  }
  const peerKey = PEER_KEY[direction];
  const peers = readTierPeers(ctx, r[peerKey], direction, action, k, `${label}.${peerKey}`, ctx.fieldRef(r, peerKey, ref), `${path}.${peerKey}`);
  const portsKey = k.version === 'v1alpha1' ? 'ports' : 'protocols';
  const ports = readTierPorts(ctx, r[portsKey], k, `${label}.${portsKey}`, ctx.fieldRef(r, portsKey, ref));
  if (!peers || !ports) return undefined;
  // "networks/nodes/domainNames peer cannot be set with namedPorts": a validation of the experimental
  // channel only (named ports are experimental), so a warning here; toward addresses a name never matches.
  const addressPeer = peers.some((p) => p.kind !== 'pods');
  if (addressPeer && ports !== 'any' && ports.some((p) => typeof p.port === 'string')) {
    ctx.report('warning', 'NAMED_PORT_TO_IPBLOCK', `${label}: named ports never match networks/nodes/domainNames peers (they have no container ports)`, ref);
  }
  return { action, ...(typeof r.name === 'string' ? { name: r.name } : {}), peers, ports, ref };
}
