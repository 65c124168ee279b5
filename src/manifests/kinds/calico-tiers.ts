/**
 * Every Calico policy of a cluster → parts of the one model, placed by Calico's order of evaluation
 * (docs.tigera.io/calico/latest/reference/resources/tier "How policy is evaluated"; network-policy/
 * policy-tiers/tiered-policy: the default tier is order 1,000,000, the `adminnetworkpolicy` tier 1,000 and
 * `baselineadminnetworkpolicy` 10,000,000, both with defaultAction Pass; Kubernetes NetworkPolicies are
 * default-tier policies of order 1000). Tiers by `order` (none: last), then name; in a tier, policies by
 * `order` (none: last), then name; rules in order, the first match decides: Allow, Deny, or Pass (skip to
 * the next tier). A tier that has a policy selecting the endpoint that way and decides nothing drops the
 * packet, unless its defaultAction is Pass; tiers selecting nothing are skipped; after the last, allow.
 *
 * Onto the model's tiers (engine/tier-verdict.ts):
 * - a tier before `adminnetworkpolicy`: Admin-tier parts before every AdminNetworkPolicy; a tier between it
 *   and the default tier, and default-tier policies of order < 1000: Admin-tier parts after them. Each part
 *   carries its tier as `passGroup`, so a Pass skips only the rest of its tier. A tier's end-of-tier deny is
 *   one Deny-everything part per policy and direction, after the tier's policies. The default tier's parts
 *   pass past the NetworkPolicy tier too (`passSkipsNetworkPolicies`): the rest of that tier is there.
 * - the default tier: every policy also isolates its pods in the NetworkPolicy tier (the tier's end-of-tier
 *   deny, shared with Kubernetes NetworkPolicies). The rules of its policies of order ≥ 1000 (or none) come
 *   after the NetworkPolicies, in order. An Allow that no Deny or Pass of them can come before (stagedRules)
 *   joins the NetworkPolicies' allow-list (which only allows, so the order among them is moot); the others are
 *   NetworkPolicy-tier parts (model.ts `Tier`), evaluated in order on what the NetworkPolicies leave: Allow,
 *   Deny, Pass to the tiers after the default tier, and the rest the tier's deny.
 * - a tier after the default tier: Baseline-tier parts, before or after the BaselineAdminNetworkPolicy.
 */
import { AddressSet } from '../../engine/address-set.js';
import type { CalicoPolicyKind, ClusterPolicy, ClusterSubject, Direction, LabelSelector, NetworkPolicy, Requirement, Rule, SourceRef, Tier, TierPeer, TierPortSpec, TierRule } from '../../engine/model.js';
import { ALL_PORTS, DIRECTIONS, NAMESPACE_NAME_LABEL } from '../../engine/model.js';
import { EVERYTHING, matches } from '../../engine/selectors.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ClusterwideAllow } from './cilium-policy.js';
import type { PodTerm } from './calico-entity.js';
import type { CalicoPolicyDraft, CalicoRuleDraft, CalicoTierDraft } from './calico-policy.js';

export interface CalicoParts {
  readonly clusterPolicies: ClusterPolicy[];
  readonly policies: NetworkPolicy[];
  /** GlobalNetworkPolicy parts of the NetworkPolicy tier, made per namespace when the namespaces are known. */
  readonly clusterwide: ClusterwideAllow[];
  readonly diagnostics: Diagnostic[];
}

/** Calico's fixed tiers: where AdminNetworkPolicies, the default tier and the BaselineAdminNetworkPolicy sit. */
const ANP_TIER = { order: 1000, name: 'adminnetworkpolicy' };
const DEFAULT_TIER = { order: 1_000_000, name: 'default' };
const BANP_TIER = { order: 10_000_000, name: 'baselineadminnetworkpolicy' };
const ANP_TIER_NAMES = new Set(['adminnetworkpolicy', 'kube-admin']);
const BANP_TIER_NAMES = new Set(['baselineadminnetworkpolicy', 'kube-baseline']);

type Slot = 'admin-before' | 'admin-after' | 'anp' | 'baseline-before' | 'baseline-after' | 'banp';

interface TierInfo {
  readonly name: string;
  readonly order: number | undefined;
  readonly defaultAction: 'Deny' | 'Pass';
}

/** `(order, name)` as Calico sorts tiers and policies: no order sorts last. */
function compareOrdered(a: { order?: number; name: string }, b: { order?: number; name: string }): number {
  const ao = a.order ?? Infinity;
  const bo = b.order ?? Infinity;
  if (ao !== bo) return ao < bo ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function slotOf(t: TierInfo): Slot {
  if (ANP_TIER_NAMES.has(t.name)) return 'anp';
  if (BANP_TIER_NAMES.has(t.name)) return 'banp';
  if (compareOrdered(t, ANP_TIER) < 0) return 'admin-before';
  if (compareOrdered(t, DEFAULT_TIER) <= 0) return 'admin-after';
  return compareOrdered(t, BANP_TIER) < 0 ? 'baseline-before' : 'baseline-after';
}

/** Places every Calico policy (`drafts`, last copies) by the tiers defined (`tiers`) and Calico's fixed ones. */
export function calicoParts(drafts: readonly CalicoPolicyDraft[], tierDrafts: readonly CalicoTierDraft[]): CalicoParts {
  const out: CalicoParts = { clusterPolicies: [], policies: [], clusterwide: [], diagnostics: [] };
  if (drafts.length === 0) return out;
  const warn = (message: string, ref: SourceRef) => out.diagnostics.push({ severity: 'warning', code: 'UNSUPPORTED_FIELD', message, ref });
  const tiers = new Map<string, TierInfo>(tierDrafts.map((t) => [t.name, t]));
  tiers.set('default', { ...DEFAULT_TIER, defaultAction: 'Deny' });
  for (const p of drafts) {
    if (tiers.has(p.tier) || ANP_TIER_NAMES.has(p.tier) || BANP_TIER_NAMES.has(p.tier)) continue;
    warn(`${where(p)}: tier ${JSON.stringify(p.tier)} is not defined in these manifests, so its order is unknown: analysed as the last tier`, p.ref);
    tiers.set(p.tier, { name: p.tier, order: undefined, defaultAction: 'Deny' });
  }
  const counters: Record<Slot, number> = { 'admin-before': -4e6, 'admin-after': 4e6, 'baseline-before': -4e6, 'baseline-after': 4e6, anp: 0, banp: 0 };
  // The NetworkPolicy tier's own parts (the default tier after order 1000), in evaluation order.
  let late = 0;
  const byTier = new Map<string, CalicoPolicyDraft[]>();
  for (const p of drafts) byTier.set(p.tier, [...(byTier.get(p.tier) ?? []), p]);
  const ordered = [...tiers.values()].filter((t) => byTier.has(t.name)).sort(compareOrdered);
  for (const tier of ordered) {
    const slot = slotOf(tier);
    const policies = byTier.get(tier.name)!.sort(compareOrdered);
    const isDefault = tier.name === 'default';
    const place = (p: CalicoPolicyDraft): number => (slot === 'anp' ? (p.order ?? 1000) : slot === 'banp' ? (p.order ?? 1000) - 1000 : counters[slot]++);
    const modelTier: Tier = slot.startsWith('baseline') || slot === 'banp' ? 'Baseline' : 'Admin';
    const group = slot === 'anp' || slot === 'banp' ? undefined : tier.name;
    // The default tier's rules after the NetworkPolicies that keep their place in order (the rest join their allow-list).
    const staged = isDefault ? stagedRules(policies) : new Set<CalicoRuleDraft>();
    for (const p of policies) {
      if (isDefault && isLate(p)) {
        for (const part of tierParts(p, 'NetworkPolicy', group, () => late++, tier.order, (r) => staged.has(r))) out.clusterPolicies.push(part);
        continue;
      }
      for (const part of tierParts(p, modelTier, group, () => place(p), tier.order)) out.clusterPolicies.push(part);
    }
    // The end-of-tier deny of a tier that applies (the default tier's is the NetworkPolicy tier's isolation).
    if (!isDefault && tier.defaultAction === 'Deny' && group !== undefined) {
      for (const p of policies) for (const part of endOfTier(p, modelTier, group, () => place(p), tier.order)) out.clusterPolicies.push(part);
    }
    if (isDefault) networkPolicyTier(policies, staged, out);
  }
  return out;
}

function where(p: CalicoPolicyDraft): string {
  return `${p.kind === 'CalicoNetworkPolicy' ? 'Calico NetworkPolicy' : 'Calico GlobalNetworkPolicy'} ${p.namespace === undefined ? p.name : `${p.namespace}/${p.name}`}`;
}

/** `Kind/ns/name` (`Kind/name` global), `#k` for the k-th part of one policy after the first. */
function partId(p: CalicoPolicyDraft, k: number): string {
  return `${p.kind}/${p.namespace === undefined ? '' : `${p.namespace}/`}${p.name}${k === 0 ? '' : `#${k}`}`;
}

/** A rule in a part that is not its own: matches nothing, so rule numbers stay the written ones. */
const NEVER = (ref: SourceRef): TierRule => ({ action: 'Deny', peers: [], ports: 'any', ref });

/** A default-tier policy evaluated after the Kubernetes NetworkPolicies (order 1000; none: last). */
function isLate(p: CalicoPolicyDraft): boolean {
  return (p.order ?? Infinity) >= 1000;
}

/**
 * The default tier's rules after the NetworkPolicies that must keep their place in order: per direction, going
 * through the late policies as they are evaluated (`policies` come sorted), every Deny and Pass, and every Allow
 * that one of them may come before: one of a GlobalNetworkPolicy, or of a policy whose pods a GlobalNetworkPolicy
 * or a policy of the same namespace with an earlier Deny or Pass may select. The other Allow rules only add to
 * what NetworkPolicies allow, whatever pod they apply to: they join their allow-list.
 */
function stagedRules(policies: readonly CalicoPolicyDraft[]): Set<CalicoRuleDraft> {
  const staged = new Set<CalicoRuleDraft>();
  for (const d of DIRECTIONS) {
    let any = false;
    let global = false;
    const namespaces = new Set<string>();
    for (const p of policies) {
      if (!isLate(p) || !p.types[d]) continue;
      for (const r of p.rules[d]) {
        if (!r) continue;
        if (r.action !== 'Allow') {
          any = true;
          if (p.namespace === undefined) global = true;
          else namespaces.add(p.namespace);
        }
        if (p.namespace === undefined ? any : global || namespaces.has(p.namespace)) staged.add(r);
      }
    }
  }
  return staged;
}

/**
 * A policy's rules as tier parts: per direction it applies to, per term of its subject, per run of rules
 * with one own-side narrowing (`destination.selector` of an ingress rule), a part holding that run; with
 * `keep`, only the rules it keeps (the others match nothing there, so rule numbers stay the written ones).
 */
function tierParts(p: CalicoPolicyDraft, tier: Tier, group: string | undefined, priority: () => number, tierOrder: number | undefined, keep: (r: CalicoRuleDraft) => boolean = () => true): ClusterPolicy[] {
  const parts: ClusterPolicy[] = [];
  for (const direction of DIRECTIONS) {
    if (!p.types[direction]) continue;
    const rules = p.rules[direction];
    for (const run of runs(rules)) {
      if (!rules.some((r, i) => r && i >= run.from && i < run.to && keep(r))) continue;
      for (const s of p.subjects) {
        for (const own of run.own === 'all' ? [undefined] : run.own) {
          const list = rules.map((r, i) => (r && i >= run.from && i < run.to && keep(r) ? toTierRule(r) : NEVER(r?.ref ?? p.ref)));
          parts.push(part(p, parts.length, tier, group, priority(), narrowed(s, own), direction, list, tierOrder));
        }
      }
    }
  }
  return parts;
}

function part(p: CalicoPolicyDraft, k: number, tier: Tier, group: string | undefined, priority: number, subject: ClusterSubject, direction: Direction, list: TierRule[], tierOrder: number | undefined, endOfTier = false): ClusterPolicy {
  return {
    id: partId(p, k) + (endOfTier ? '/end-of-tier' : ''),
    kind: p.kind,
    name: p.namespace === undefined ? p.name : `${p.namespace}/${p.name}`,
    tier,
    priority,
    subject,
    ingress: direction === 'ingress' ? list : [],
    egress: direction === 'egress' ? list : [],
    ref: p.ref,
    ...(group !== undefined ? { passGroup: group } : {}),
    // The default tier holds the Kubernetes NetworkPolicies and its end-of-tier deny: its Pass skips them too.
    ...(group === DEFAULT_TIER.name ? { passSkipsNetworkPolicies: true } : {}),
    calico: { tier: p.tier, ...(tierOrder !== undefined ? { tierOrder } : {}), ...(p.order !== undefined ? { order: p.order } : {}), ...(endOfTier ? { endOfTier } : {}) },
  };
}

/** Maximal runs of consecutive rules with the same own-side narrowing (Log rules join any run). */
function runs(rules: readonly (CalicoRuleDraft | null)[]): { from: number; to: number; own: CalicoRuleDraft['own'] }[] {
  const out: { from: number; to: number; own: CalicoRuleDraft['own'] }[] = [];
  for (const [i, r] of rules.entries()) {
    if (!r) continue;
    const last = out[out.length - 1];
    if (last && JSON.stringify(last.own) === JSON.stringify(r.own)) last.to = i + 1;
    else out.push({ from: i, to: i + 1, own: r.own });
  }
  return out;
}

function narrowed(s: ClusterSubject, own: PodTerm | undefined): ClusterSubject {
  if (!own) return s;
  return { namespaces: and(s.namespaces, own.namespaces), pods: and(s.pods, own.pods) };
}

function and(s: LabelSelector, reqs: readonly Requirement[]): LabelSelector {
  return reqs.length === 0 ? s : { matchLabels: s.matchLabels, expressions: [...s.expressions, ...reqs] };
}

const EVERY_PEER = (ref: SourceRef): TierPeer[] => [
  { kind: 'pods', namespaces: EVERYTHING, pods: EVERYTHING, ref },
  { kind: 'networks', block: AddressSet.ALL, cidrs: ['0.0.0.0/0', '::/0'], ref, outsideOnly: true },
];

function toTierRule(r: CalicoRuleDraft): TierRule {
  const peers: TierPeer[] =
    r.peers === 'any'
      ? EVERY_PEER(r.ref)
      : r.peers.map((x) => (x.kind === 'pods' ? { kind: 'pods', namespaces: x.namespaces, pods: x.pods, ref: x.ref, written: x.written } : { kind: 'networks', block: x.block, cidrs: x.cidrs, ref: x.ref, outsideOnly: true, written: x.written }));
  const ports: TierRule['ports'] =
    r.ports === 'any'
      ? 'any'
      : r.ports.map((p): TierPortSpec => (p.port === ALL_PORTS ? { protocol: p.protocol, port: 1, endPort: 65535, ref: p.ref } : { protocol: p.protocol, port: p.port, ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), ref: p.ref }));
  return { action: r.action, peers, ports, ref: r.ref };
}

/** The tier's implicit deny for the endpoints `p` selects, per direction it applies to. */
function endOfTier(p: CalicoPolicyDraft, tier: Tier, group: string, priority: () => number, tierOrder: number | undefined): ClusterPolicy[] {
  const parts: ClusterPolicy[] = [];
  for (const direction of DIRECTIONS) {
    if (!p.types[direction]) continue;
    for (const s of p.subjects) parts.push(part(p, parts.length, tier, group, priority(), s, direction, [{ action: 'Deny', peers: EVERY_PEER(p.ref), ports: 'any', ref: p.ref }], tierOrder, true));
  }
  return parts;
}

/**
 * The default tier in the NetworkPolicy tier: each policy isolates its pods in the directions it applies to;
 * the Allow rules of policies of order ≥ 1000 (or none) that no Deny or Pass of them may come before (not
 * `staged`) add to what NetworkPolicies allow.
 */
function networkPolicyTier(policies: readonly CalicoPolicyDraft[], staged: ReadonlySet<CalicoRuleDraft>, out: CalicoParts): void {
  const joins = (p: CalicoPolicyDraft, r: CalicoRuleDraft | null): r is CalicoRuleDraft => r !== null && isLate(p) && !staged.has(r);
  for (const p of policies) {
    const rulesOf = (d: Direction, keep: (r: CalicoRuleDraft) => boolean): Rule[] =>
      isLate(p) && p.types[d] ? p.rules[d].map((r) => (joins(p, r) && keep(r) ? toRule(r, p.namespace) : { peers: [], ports: 'any', ref: r?.ref ?? p.ref })) : [];
    const shapes: { own: PodTerm | undefined; ingress: Rule[]; egress: Rule[] }[] = [{ own: undefined, ingress: rulesOf('ingress', (r) => r.own === 'all'), egress: rulesOf('egress', (r) => r.own === 'all') }];
    // A narrowed rule's part selects pods the policy's own part isolates already: it only adds its rule (joinsOnly).
    // An Allow narrowed by its own-side selector applies to fewer pods: a part of its own, selecting those.
    for (const d of DIRECTIONS) {
      for (const r of p.types[d] ? p.rules[d] : []) {
        if (!joins(p, r) || r.own === 'all') continue;
        for (const own of r.own) {
          const only = rulesOf(d, (x) => x === r);
          shapes.push({ own, ingress: d === 'ingress' ? only : [], egress: d === 'egress' ? only : [] });
        }
      }
    }
    let k = 0;
    for (const s of p.subjects) {
      for (const shape of shapes) {
        const suffix = k++ === 0 ? '' : `#${k - 1}`;
        const subject = narrowed(s, shape.own);
        const build = (ns: string): NetworkPolicy => ({
          id: `${ns}/${p.name}[${p.kind}]${suffix}`,
          kind: p.kind,
          namespace: ns,
          name: p.name,
          podSelector: subject.pods,
          affects: p.types,
          ...(shape.own ? { joinsOnly: { ingress: true, egress: true } } : {}),
          ingress: shape.ingress,
          egress: shape.egress,
          ref: p.ref,
        });
        if (p.namespace !== undefined) {
          // A NetworkPolicy's subject names its own namespace; `projectcalico.org/namespace` may exclude it.
          if (matches(subject.namespaces, { [NAMESPACE_NAME_LABEL]: p.namespace })) out.policies.push(build(p.namespace));
        } else out.clusterwide.push({ key: `${p.key}${suffix}`, object: p.key, namespaces: subject.namespaces, build });
      }
    }
  }
}

/** A NetworkPolicy-tier rule; a pod peer of the policy's own namespace is `own`, as a NetworkPolicy's without namespaceSelector. */
function toRule(r: CalicoRuleDraft, namespace: string | undefined): Rule {
  const own = (s: LabelSelector) => namespace !== undefined && Object.keys(s.matchLabels).length === 1 && s.matchLabels[NAMESPACE_NAME_LABEL] === namespace && s.expressions.length === 0;
  const peers: Rule['peers'] =
    r.peers === 'any'
      ? 'any'
      : r.peers.map((x) => (x.kind === 'pods' ? { kind: 'pods', namespaces: own(x.namespaces) ? 'own' : x.namespaces, pods: x.pods, ref: x.ref, written: x.written } : { kind: 'ipBlock', block: x.block, cidr: x.cidrs.join(', '), ref: x.ref, written: x.written }));
  return { peers, ports: r.ports, ref: r.ref };
}

export type { CalicoPolicyKind };
