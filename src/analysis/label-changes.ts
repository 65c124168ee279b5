/**
 * Paths that change because a workload's pod labels changed (new-user trial 41, finding 4): a policy no
 * longer selects it (or now does: an opt-out label, a label a deny policy selects), or a rule's peer no
 * longer matches it. The engine's reasons cite only the policies, which read the same on both sides; the
 * cause is the label line the change edited (a Deployment's pod template, an app-template HelmRelease's
 * values). Each such pair gets a `labels-changed` reason per (workload, policy, role) at that line, first in
 * its list, e.g. `web/homepage[Deployment] no longer carries allow-world=true (app.yaml:14), so NetworkPolicy
 * web/allow-world no longer selects it`.
 *
 * The line: in the document that defines the workload (found by the workload's position), the first line
 * writing a label key that changed and that the policy's selector names, else the first line other than a
 * comment that differs from the other side's document; else, for labels set outside that document, the line of a
 * kustomization file (`labels:` / `commonLabels:` entry, kustomization-labels.ts) that writes a changed key: one
 * whose folder holds the workload's file first, then one the change edited; else the workload's own position.
 * Labels a Flux Kustomization's `commonMetadata.labels` writes (a bare Pod's, a Namespace's: never a pod
 * template's) are cited at that Kustomization's label line first (flux-common-metadata.ts).
 *
 * A namespace's label change does the same to a rule's `namespaceSelector` peer: a workload whose pod labels did
 * not change but whose namespace's did, so that the cited rule matches it as a peer on one side only, gets a
 * reason with `namespace` set (the labels are the namespace's, at its Namespace document's label line):
 * `namespace data no longer carries team=db (ns.yaml:4), so NetworkPolicy shop/db-in ingress rule 1 no longer
 * matches data/db[Deployment] as a peer`.
 *
 * The cited policies: NetworkPolicies (and Cilium policies of that tier) through `allowed-by-rule`, `isolated-by`
 * and `rule-differs` reasons, and cluster-wide tier policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy, Calico tiers) through `tier-rule` reasons, whose subjects read namespace labels too
 * (`holdOf`).
 */
import type { Reason } from '../engine/index.js';
import { policyById } from '../engine/policy-lookup.js';
import { matches } from '../engine/selectors.js';
import type { Cluster, Direction, Labels, LabelSelector, NetworkPolicy, SourceRef, Workload } from '../engine/model.js';
import type { PeerRef } from '../engine/peers.js';
import type { ManifestDocument, ManifestFile } from '../manifests/load.js';
import { commonMetadataLine } from './flux-common-metadata.js';
import { kustomizationLabelLine } from './kustomization-labels.js';
import type { ExplainedPair } from './types.js';
import { escapeRegExp } from '../util/reg-exp.js';
import { workloadsById } from './workloads-by-id.js';

export type LabelsChanged = Reason & { kind: 'labels-changed' };

interface Side {
  readonly cluster: Cluster;
  readonly documents: readonly ManifestDocument[];
  /** The side's files as written (kustomization files among them), for labels set by a kustomization. */
  readonly files?: readonly ManifestFile[];
}

/** A policy or rule a pair's reasons cite (an `allowed-by-rule`, `isolated-by` or `rule-differs` reason, or the same read off an explanation). */
export interface Cited {
  readonly kind: string;
  readonly policy?: string;
  readonly direction?: Direction;
  readonly rule?: number;
  /** A `tier-rule`'s: the rule's `name` (read for that kind only: a `ports-changed` reason's `name` is a port's). */
  readonly name?: string;
}

/** `pairs` with a `labels-changed` reason first where a workload end's labels changed a cited policy's hold on it. */
export function withLabelChanges(pairs: readonly ExplainedPair[], base: Side, head: Side): ExplainedPair[] {
  const find = labelChangeFinder(base, head);
  if (!find) return [...pairs];
  const mark = (pair: ExplainedPair, reasons: readonly Reason[]): readonly Reason[] => {
    const found = find(pair, reasons);
    return found.length ? [...found, ...reasons] : reasons;
  };
  return pairs.map((p) => {
    const whyOpened = mark(p, p.whyOpened);
    const whyClosed = mark(p, p.whyClosed);
    return whyOpened === p.whyOpened && whyClosed === p.whyClosed ? p : { ...p, whyOpened, whyClosed };
  });
}

/**
 * The `labels-changed` reasons of a pair (`src` → `dst`) whose reasons cite `cited`, one per (workload, policy,
 * role, direction); undefined when no workload's and no namespace's labels changed (no work per pair then).
 * `diff` puts them first in a pair's lists, `diff --explain` before its sides (explain-run.ts).
 */
export function labelChangeFinder(base: Side, head: Side): ((pair: { readonly src: PeerRef; readonly dst: PeerRef }, cited: readonly Cited[]) => LabelsChanged[]) | undefined {
  const baseWorkloads = workloadsById(base.cluster.workloads);
  const headWorkloads = workloadsById(head.cluster.workloads);
  // Most changes relabel nothing: no work per pair then.
  const relabelled = new Set<string>();
  for (const [id, w] of headWorkloads) {
    const was = baseWorkloads.get(id);
    // Head's workload of an unchanged document is base's very object (manifests/load.ts): the same labels.
    if (was && was !== w && !sameLabels(was.podLabels, w.podLabels)) relabelled.add(id);
  }
  // Namespaces both sides define whose labels differ: their workloads' rule-peer matches may change.
  const baseNamespaces = new Map(base.cluster.namespaces.map((n) => [n.name, n]));
  const headNamespaces = new Map(head.cluster.namespaces.map((n) => [n.name, n]));
  const relabelledNs = new Set([...headNamespaces.values()].filter((n) => {
    const was = baseNamespaces.get(n.name);
    return was?.ref && n.ref && !sameLabels(was.labels, n.labels);
  }).map((n) => n.name));
  if (relabelled.size === 0 && relabelledNs.size === 0) return undefined;
  const lines = new Map<string, { ref: SourceRef; baseRef: SourceRef }>();
  const cache = new Map<string, LabelsChanged | null>();
  const reasonFor = (r: Cited & { readonly policy: string; readonly direction: Direction }, end: Workload, role: 'subject' | 'peer'): LabelsChanged | null => {
    if (r.kind !== 'allowed-by-rule' && r.kind !== 'isolated-by' && r.kind !== 'rule-differs' && r.kind !== 'tier-rule') return null;
    const rule = r.kind === 'isolated-by' ? undefined : r.rule;
    if (role === 'peer' && rule === undefined) return null;
    const key = `${end.id}\n${r.policy}\n${role}\n${r.direction}\n${rule ?? ''}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const was = baseWorkloads.get(end.id)!;
    const now = headWorkloads.get(end.id)!;
    const hb = holdOf(base.cluster, r.kind === 'tier-rule', r.policy, role, r.direction, rule);
    const hh = holdOf(head.cluster, r.kind === 'tier-rule', r.policy, role, r.direction, rule);
    let out: LabelsChanged | null = null;
    if (hb && hh && was.namespace === now.namespace) {
      const before = hb.holds(base.cluster, was);
      const after = hh.holds(head.cluster, now);
      const common = { kind: 'labels-changed' as const, side: 'head' as const, direction: r.direction, workload: end.id, policy: r.policy, role, ...(role === 'peer' ? { rule, ...ruleNameOf(r) } : {}), holds: after };
      if (before === after) {
        // Nothing changed for this policy or rule.
      } else if (!sameLabels(was.podLabels, now.podLabels)) {
        const { removed, added } = changedLabels(was.podLabels, now.podLabels, [...hb.pods, ...hh.pods]);
        const at = lines.get(`${end.id}\n${[...removed, ...added].join(',')}`) ?? labelLines(was, now, base, head, [...removed, ...added].map((l) => l.split('=')[0]));
        lines.set(`${end.id}\n${[...removed, ...added].join(',')}`, at);
        out = { ...common, removed, added, ref: at.ref, baseRef: at.baseRef };
      } else {
        // Same pod labels: the namespace's labels changed (a namespaceSelector of a rule's peer, or of a cluster-wide policy's subject).
        const nb = baseNamespaces.get(was.namespace);
        const nh = headNamespaces.get(now.namespace);
        if (nb?.ref && nh?.ref && relabelledNs.has(now.namespace)) {
          const { removed, added } = changedLabels(nb.labels, nh.labels, [...hb.namespaces, ...hh.namespaces]);
          const keys = [...removed, ...added].map((l) => l.split('=')[0]);
          // A Flux Kustomization's commonMetadata writes over the Namespace's own labels: its line first (flux-common-metadata.ts).
          const line = (side: Side, other: Side, ref: SourceRef, carried: Labels) =>
            fluxLine(side, ref.file, carried, keys) ?? keyLine(holding(side.documents, ref), carried, keys) ?? fluxLine(side, ref.file, carried, keys, other) ?? ref;
          out = { ...common, namespace: now.namespace, removed, added, ref: line(head, base, nh.ref, nh.labels), baseRef: line(base, head, nb.ref, nb.labels) };
        }
      }
    }
    cache.set(key, out);
    return out;
  };
  return (pair, reasons) => {
    const found: LabelsChanged[] = [];
    for (const r of reasons) {
      if (r.policy === undefined || r.direction === undefined) continue;
      const cited = { ...r, policy: r.policy, direction: r.direction };
      // Egress rules select the source and match the destination as a peer; ingress the reverse.
      const [subjectEnd, peerEnd] = r.direction === 'egress' ? [pair.src, pair.dst] : [pair.dst, pair.src];
      for (const [end, role] of [[subjectEnd, 'subject'], [peerEnd, 'peer']] as const) {
        const w = workloadOf(end);
        if (!w || !(relabelled.has(w) || (relabelledNs.has(headWorkloads.get(w)?.namespace ?? '') && baseWorkloads.has(w)))) continue;
        const reason = reasonFor(cited, headWorkloads.get(w)!, role);
        if (reason && !found.some((f) => f.workload === reason.workload && f.policy === reason.policy && f.role === reason.role && f.direction === reason.direction)) found.push(reason);
      }
    }
    return found;
  };
}

/**
 * What decides whether a cited policy holds a workload on one side: `holds` (its subject selects the pods, or
 * its rule `rule` in `direction` matches them as a peer), and the pod and namespace selectors that decide it.
 * A NetworkPolicy (or a Cilium policy of that tier, engine/policy-lookup.ts) selects by pod labels in its own
 * namespace and reads namespace labels in rule peers; a cluster-wide tier policy (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy, ClusterNetworkPolicy, Calico tiers: `tier`) reads namespace labels in its
 * subject too. Undefined: the side does not hold the policy (or the rule).
 */
interface Hold {
  readonly holds: (c: Cluster, w: Workload) => boolean;
  readonly pods: readonly LabelSelector[];
  readonly namespaces: readonly LabelSelector[];
}

function holdOf(c: Cluster, tier: boolean, id: string, role: 'subject' | 'peer', direction: Direction, rule: number | undefined): Hold | undefined {
  if (tier) {
    const p = (c.clusterPolicies ?? []).find((x) => x.id === id);
    if (!p) return undefined;
    if (role === 'subject') return { holds: (cl, w) => matches(p.subject.namespaces, namespaceLabels(cl, w)) && matches(p.subject.pods, w.podLabels), pods: [p.subject.pods], namespaces: [p.subject.namespaces] };
    const r = p[direction][rule ?? -1];
    if (!r) return undefined;
    const peers = r.peers.flatMap((x) => (x.kind === 'pods' ? [x] : []));
    return { holds: (cl, w) => peers.some((x) => matches(x.namespaces, namespaceLabels(cl, w)) && matches(x.pods, w.podLabels)), pods: peers.map((x) => x.pods), namespaces: peers.map((x) => x.namespaces) };
  }
  const p = policyById(c, id);
  if (!p) return undefined;
  if (role === 'subject') return { holds: (_cl, w) => selects(p, w), pods: [p.podSelector], namespaces: [] };
  return { holds: (cl, w) => ruleMatches(p, direction, rule!, cl, w), pods: peerSelectors(p, direction, rule!), namespaces: namespaceSelectors(p, direction, rule!) };
}

/** A workload's namespace's labels on a side (the name label only, for a namespace no manifest defines). */
function namespaceLabels(c: Cluster, w: Workload): Labels {
  return c.namespaces.find((n) => n.name === w.namespace)?.labels ?? { 'kubernetes.io/metadata.name': w.namespace };
}

function workloadOf(p: PeerRef): string | undefined {
  return p.type === 'workload' ? p.workload.id : undefined;
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && b[k] === a[k]);
}

/** Whether `p` selects `w`'s pods (NetworkPolicy semantics: its namespace, its pod selector). */
function selects(p: NetworkPolicy, w: Workload): boolean {
  return p.namespace === w.namespace && matches(p.podSelector, w.podLabels);
}

/** Whether rule `index` of `p` in `direction` has a pod peer matching `w` (its namespace's labels from `c`). */
function ruleMatches(p: NetworkPolicy, direction: Direction, index: number, c: Cluster, w: Workload): boolean {
  const rule = p[direction][index];
  if (!rule) return false;
  if (rule.peers === 'any') return true;
  const nsLabels = c.namespaces.find((n) => n.name === w.namespace)?.labels ?? { 'kubernetes.io/metadata.name': w.namespace };
  return rule.peers.some((peer) => peer.kind === 'pods' && (peer.namespaces === 'own' ? p.namespace === w.namespace : matches(peer.namespaces, nsLabels)) && matches(peer.pods, w.podLabels));
}

/** The namespace selectors of rule `index`'s pod peers (those that name other namespaces). */
function namespaceSelectors(p: NetworkPolicy, direction: Direction, index: number): LabelSelector[] {
  const rule = p[direction][index];
  if (!rule || rule.peers === 'any') return [];
  return rule.peers.flatMap((peer) => (peer.kind === 'pods' && peer.namespaces !== 'own' ? [peer.namespaces] : []));
}

function peerSelectors(p: NetworkPolicy, direction: Direction, index: number): LabelSelector[] {
  const rule = p[direction][index];
  if (!rule || rule.peers === 'any') return [];
  return rule.peers.flatMap((peer) => (peer.kind === 'pods' ? [peer.pods] : []));
}

/**
 * The labels (`key=value`) base had and head has not, and those head has and base had not, limited to the
 * keys `selectors` name (all of them when the selectors name none of the changed keys).
 */
function changedLabels(before: Labels, after: Labels, selectors: readonly LabelSelector[]): { removed: string[]; added: string[] } {
  const named = new Set(selectors.flatMap((s) => [...Object.keys(s.matchLabels), ...s.expressions.map((e) => e.key)]));
  const removed = Object.keys(before).filter((k) => after[k] !== before[k] || !Object.prototype.hasOwnProperty.call(after, k));
  const added = Object.keys(after).filter((k) => before[k] !== after[k] || !Object.prototype.hasOwnProperty.call(before, k));
  const keep = (ks: string[]) => (ks.some((k) => named.has(k)) || [...removed, ...added].some((k) => named.has(k)) ? ks.filter((k) => named.has(k)) : ks);
  return { removed: keep(removed).sort().map((k) => `${k}=${before[k]}`), added: keep(added).sort().map((k) => `${k}=${after[k]}`) };
}

/** The first line of `doc` writing one of `keys` that `carried` holds (`key:` at the start of a line, quoted or in a list item). */
function keyLine(doc: ManifestDocument | undefined, carried: Labels, keys: readonly string[]): SourceRef | undefined {
  if (!doc) return undefined;
  const lines = doc.text.split('\n');
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(carried, k)) continue;
    const written = new RegExp(`^\\s*(-\\s+)?["']?${escapeRegExp(k)}["']?\\s*:`);
    const i = lines.findIndex((l) => written.test(l));
    if (i >= 0) return { file: doc.file, line: doc.startLine + i };
  }
  return undefined;
}

/** Head's and base's line for the label change of a workload (see the file's comment). */
function labelLines(was: Workload, now: Workload, base: Side, head: Side, keys: readonly string[]): { ref: SourceRef; baseRef: SourceRef } {
  const baseDoc = holding(base.documents, was.ref);
  const headDoc = holding(head.documents, now.ref);
  const firstDiffering = (doc: ManifestDocument | undefined, other: ManifestDocument | undefined): SourceRef | undefined => {
    if (!doc || !other) return undefined;
    const a = doc.text.split('\n');
    const b = other.text.split('\n');
    // A comment edited beside the labels (zhorvath83 5b33ccb21 reworded the one above them) is not the change.
    const i = a.findIndex((l, j) => l !== b[j] && !l.trimStart().startsWith('#'));
    return i >= 0 ? { file: doc.file, line: doc.startLine + i } : undefined;
  };
  // Labels a kustomization sets (`labels:`, `commonLabels:`): its line, before a line of the document the change edited otherwise.
  const kustomized = (side: Side, other: Side, w: Workload) => (side.files ? kustomizationLabelLine(side.files, other.files ?? [], w.ref.file, w.podLabels, keys) : undefined);
  // A Flux Kustomization's commonMetadata labels a bare Pod (its own metadata), over what its document writes; never a pod template.
  const flux = (side: Side, w: Workload, other?: Side) => (w.kind === 'Pod' ? fluxLine(side, w.ref.file, w.podLabels, keys, other) : undefined);
  return {
    ref: flux(head, now) ?? keyLine(headDoc, now.podLabels, keys) ?? kustomized(head, base, now) ?? flux(head, now, base) ?? firstDiffering(headDoc, baseDoc) ?? now.ref,
    baseRef: flux(base, was) ?? keyLine(baseDoc, was.podLabels, keys) ?? kustomized(base, head, was) ?? flux(base, was, head) ?? firstDiffering(baseDoc, headDoc) ?? was.ref,
  };
}

/** The line of a Flux Kustomization's `commonMetadata.labels` on `side` that sets `keys` on the object of `file` (with `other`: the line of the edit that no longer does; flux-common-metadata.ts). */
function fluxLine(side: Side, file: string, carried: Labels, keys: readonly string[], other?: Side): SourceRef | undefined {
  if (!side.files || (other && !other.files)) return undefined;
  return commonMetadataLine(side.files, file, carried, keys, other?.files);
}

/** The document of `docs` whose lines hold `ref`. */
function holding(docs: readonly ManifestDocument[], ref: SourceRef): ManifestDocument | undefined {
  return docs.find((d) => d.file === ref.file && d.startLine <= ref.line && ref.line <= d.endLine);
}

/** `{ ruleName }` of a cited cluster-wide rule that has a `name`, for the reason derived from it (reason-text.ts names the rule with it). */
export function ruleNameOf(r: Cited): { ruleName?: string } {
  return r.kind === 'tier-rule' && r.name ? { ruleName: r.name } : {};
}
