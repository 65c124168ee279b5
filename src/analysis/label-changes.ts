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
 *
 * A namespace's label change does the same to a rule's `namespaceSelector` peer: a workload whose pod labels did
 * not change but whose namespace's did, so that the cited rule matches it as a peer on one side only, gets a
 * reason with `namespace` set (the labels are the namespace's, at its Namespace document's label line):
 * `namespace data no longer carries team=db (ns.yaml:4), so NetworkPolicy shop/db-in ingress rule 1 no longer
 * matches data/db[Deployment] as a peer`.
 */
import type { Reason } from '../engine/index.js';
import { policyById } from '../engine/policy-lookup.js';
import { matches } from '../engine/selectors.js';
import type { Cluster, Direction, Labels, LabelSelector, NetworkPolicy, SourceRef, Workload } from '../engine/model.js';
import type { PeerRef } from '../engine/peers.js';
import type { ManifestDocument, ManifestFile } from '../manifests/load.js';
import { kustomizationLabelLine } from './kustomization-labels.js';
import type { ExplainedPair } from './types.js';

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
  const baseWorkloads = new Map(base.cluster.workloads.map((w) => [w.id, w]));
  const headWorkloads = new Map(head.cluster.workloads.map((w) => [w.id, w]));
  // Most changes relabel nothing: no work per pair then.
  const relabelled = new Set<string>();
  for (const [id, w] of headWorkloads) {
    const was = baseWorkloads.get(id);
    if (was && !sameLabels(was.podLabels, w.podLabels)) relabelled.add(id);
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
    if (r.kind !== 'allowed-by-rule' && r.kind !== 'isolated-by' && r.kind !== 'rule-differs') return null;
    const rule = r.kind === 'isolated-by' ? undefined : r.rule;
    if (role === 'peer' && rule === undefined) return null;
    const key = `${end.id}\n${r.policy}\n${role}\n${r.direction}\n${rule ?? ''}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    const was = baseWorkloads.get(end.id)!;
    const now = headWorkloads.get(end.id)!;
    const pb = policyById(base.cluster, r.policy);
    const ph = policyById(head.cluster, r.policy);
    let out: LabelsChanged | null = null;
    // Same pod labels: the namespace's labels changed, and they count for a rule's peer only.
    const byNamespace = sameLabels(was.podLabels, now.podLabels);
    if (byNamespace) {
      if (pb && ph && role === 'peer' && was.namespace === now.namespace) out = namespaceReason(r.direction, rule!, pb, ph, was, now);
      cache.set(key, out);
      return out;
    }
    if (pb && ph) {
      const holds = (p: NetworkPolicy, c: Cluster, w: Workload) => (role === 'subject' ? selects(p, w) : ruleMatches(p, r.direction, rule!, c, w));
      const before = holds(pb, base.cluster, was);
      const after = holds(ph, head.cluster, now);
      if (before !== after) {
        const selectors = role === 'subject' ? [pb.podSelector, ph.podSelector] : [...peerSelectors(pb, r.direction, rule!), ...peerSelectors(ph, r.direction, rule!)];
        const { removed, added } = changedLabels(was.podLabels, now.podLabels, selectors);
        const at = lines.get(`${end.id}\n${[...removed, ...added].join(',')}`) ?? labelLines(was, now, base, head, [...removed, ...added].map((l) => l.split('=')[0]));
        lines.set(`${end.id}\n${[...removed, ...added].join(',')}`, at);
        out = {
          kind: 'labels-changed',
          side: 'head',
          direction: r.direction,
          workload: end.id,
          policy: r.policy,
          role,
          ...(role === 'peer' ? { rule } : {}),
          holds: after,
          removed,
          added,
          ref: at.ref,
          baseRef: at.baseRef,
        };
      }
    }
    cache.set(key, out);
    return out;
  };
  /** A rule's peer match of a workload that its namespace's relabelling changed (see the file's comment). */
  const namespaceReason = (direction: Direction, rule: number, pb: NetworkPolicy, ph: NetworkPolicy, was: Workload, now: Workload): LabelsChanged | null => {
    const before = ruleMatches(pb, direction, rule, base.cluster, was);
    const after = ruleMatches(ph, direction, rule, head.cluster, now);
    const nb = baseNamespaces.get(was.namespace);
    const nh = headNamespaces.get(now.namespace);
    if (before === after || !nb?.ref || !nh?.ref) return null;
    const selectors = [...namespaceSelectors(pb, direction, rule), ...namespaceSelectors(ph, direction, rule)];
    const { removed, added } = changedLabels(nb.labels, nh.labels, selectors);
    const keys = [...removed, ...added].map((l) => l.split('=')[0]);
    const line = (docs: readonly ManifestDocument[], ref: SourceRef, carried: Labels) => keyLine(holding(docs, ref), carried, keys) ?? ref;
    return {
      kind: 'labels-changed',
      side: 'head',
      direction,
      workload: now.id,
      namespace: now.namespace,
      policy: ph.id,
      role: 'peer',
      rule,
      holds: after,
      removed,
      added,
      ref: line(head.documents, nh.ref, nh.labels),
      baseRef: line(base.documents, nb.ref, nb.labels),
    };
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
        if (!w || !(relabelled.has(w) || (role === 'peer' && relabelledNs.has(headWorkloads.get(w)?.namespace ?? '') && baseWorkloads.has(w)))) continue;
        const reason = reasonFor(cited, headWorkloads.get(w)!, role);
        if (reason && !found.some((f) => f.workload === reason.workload && f.policy === reason.policy && f.role === reason.role && f.direction === reason.direction)) found.push(reason);
      }
    }
    return found;
  };
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
    const written = new RegExp(`^\\s*(-\\s+)?["']?${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
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
  return {
    ref: keyLine(headDoc, now.podLabels, keys) ?? kustomized(head, base, now) ?? firstDiffering(headDoc, baseDoc) ?? now.ref,
    baseRef: keyLine(baseDoc, was.podLabels, keys) ?? kustomized(base, head, was) ?? firstDiffering(baseDoc, headDoc) ?? was.ref,
  };
}

/** The document of `docs` whose lines hold `ref`. */
function holding(docs: readonly ManifestDocument[], ref: SourceRef): ManifestDocument | undefined {
  return docs.find((d) => d.file === ref.file && d.startLine <= ref.line && ref.line <= d.endLine);
}
