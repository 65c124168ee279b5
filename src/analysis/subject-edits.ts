/**
 * A cluster-wide policy whose subject the change edits, its rules left alone (an AdminNetworkPolicy's
 * `spec.subject` moved to another namespace): the paths its rules now decide differently were cited at the rule,
 * a line the pull request does not touch (`ingress rule 1 "deny-all" no longer denies them` two lines below the
 * edited `matchLabels`), in the why, the headline and the App's annotations. Here such a reason is cited at the
 * first line the change edits of the policy's subject on the reason's side: for every kind of the tiers
 * (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy `spec.subject`; Calico `spec.selector`,
 * `namespaceSelector`, `serviceAccountSelector`; Cilium `spec.endpointSelector`, `nodeSelector`), the subjects
 * compared as the model reads them (`ClusterPolicy.subject`), so a subject rewritten to the same pods moves nothing.
 * A rule the change edits too keeps its own line (edited-rule-refs.ts cites its edited part).
 *
 * The same for a NetworkPolicy (and the allow rules of a CiliumNetworkPolicy or a Calico NetworkPolicy, which join
 * its tier) whose pods or isolated directions the change edits: its `allowed-by-rule`, `isolated-by` and
 * `rule-differs` reasons are cited at the first edited line of `spec.podSelector` (Calico `selector`, Cilium
 * `endpointSelector`) when the model's `podSelector` differs, and of `spec.policyTypes` (Calico `types`, Cilium
 * `enableDefaultDeny`) when the directions it isolates (`affects`, `joinsOnly`) differ: the pod selector moved to
 * other pods, or `Egress` added to `policyTypes`, is the line that opened or closed the paths, not the policy's
 * first line or an unchanged rule.
 *
 * A new finding standing at such a policy's first line (DNS_EGRESS_MISSING at the policy that isolates a
 * workload's egress, POLICY_SELECTS_NOTHING) is cited at the same edited line (`findingsAtSubjectEdits`): `Egress`
 * added to `policyTypes` made the workloads' DNS lookups fail, and the check run annotated the policy's
 * `apiVersion` line, which the pull request leaves alone.
 */
import type { Cluster, ClusterPolicy, SourceRef } from '../engine/model.js';
import type { Reason } from '../engine/index.js';
import type { DocumentChange, ExplainedPair } from './types.js';
import type { DiffFinding } from '../findings/types.js';
import type { EditedCite } from './edited-objects.js';
import { editedLines } from './edited-objects.js';
import { movedReasons } from './moved-reasons.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { KeyLines } from '../manifests/key-lines.js';
import { textLines } from '../util/line-ends.js';

type Side = 'base' | 'head';

/** The fields of a tier policy's `spec` that say whom it applies to, by kind (see the header). */
const SUBJECT_FIELDS = ['subject', 'selector', 'namespaceSelector', 'serviceAccountSelector', 'endpointSelector', 'nodeSelector'] as const;
/** The fields of a NetworkPolicy-tier policy's `spec` that say which pods it selects, by kind. */
const POD_SELECTOR_FIELDS = ['podSelector', 'selector', 'endpointSelector'] as const;
/** The fields of a NetworkPolicy-tier policy's `spec` that say which directions it isolates, by kind. */
const DIRECTION_FIELDS = ['policyTypes', 'types', 'enableDefaultDeny'] as const;

/** A policy both sides hold whose subject differs: where it is defined on each side, the `spec` fields to look in. */
interface Differing {
  readonly ref: Readonly<Record<Side, SourceRef>>;
  readonly name: string;
  readonly fields: readonly string[];
}

/**
 * `pairs` with each `tier-rule` reason whose policy's subject differs between the sides, and whose line the change
 * does not edit, cited at the subject's edited line on its side: a rendering-time edit of it (`cite`, an overlay's
 * patch of `spec.subject`), else the first line the change edits in the subject's block of the policy's document.
 * Unchanged when the policy is on one side only, or no edited subject line is found.
 */
export function withSubjectEdits(pairs: readonly ExplainedPair[], changes: readonly DocumentChange[], base: Cluster, head: Cluster, cite: EditedCite): ExplainedPair[] {
  const { tiers, networkPolicies } = differingPolicies(base, head);
  if (tiers.size === 0 && networkPolicies.size === 0) return [...pairs];
  const edited = { base: editedLines(changes, 'base'), head: editedLines(changes, 'head') };
  const subjectLine = subjectLines(changes, cite);
  return movedReasons(pairs, (r: Reason): Reason => {
    if (r.kind !== 'tier-rule' && r.kind !== 'allowed-by-rule' && r.kind !== 'isolated-by' && r.kind !== 'rule-differs') return r;
    const d = (r.kind === 'tier-rule' ? tiers : networkPolicies).get(r.policy);
    if (!d || edited[r.side](r.ref)) return r;
    const at = subjectLine(r.side, d);
    return at ? { ...r, ref: at } : r;
  });
}

/**
 * `findings` with each new one that stands at the first line of a policy both sides hold whose subject, pods or
 * isolated directions the change edits (DNS_EGRESS_MISSING at the policy that isolates the workload's egress,
 * POLICY_SELECTS_NOTHING at the policy), that line left alone, cited at the first line the change edits of those
 * fields, as the policy's reasons are (`Egress` added to `policyTypes`: the `policyTypes` line); the others as they
 * are. A finding at another line (a rule's, a workload's) is not the policy's document line and stays.
 */
export function findingsAtSubjectEdits<F extends DiffFinding>(findings: readonly F[], changes: readonly DocumentChange[], base: Cluster, head: Cluster, cite: EditedCite): F[] {
  if (!findings.some((f) => f.new)) return [...findings];
  const { tiers, networkPolicies } = differingPolicies(base, head);
  if (tiers.size === 0 && networkPolicies.size === 0) return [...findings];
  // By head's document line: copies of one document (a namespace each) are one edit.
  const byLine = new Map<string, Differing>();
  for (const d of [...networkPolicies.values(), ...tiers.values()]) if (!byLine.has(lineKey(d.ref.head))) byLine.set(lineKey(d.ref.head), d);
  const edited = editedLines(changes, 'head');
  const subjectLine = subjectLines(changes, cite);
  return findings.map((f) => {
    const d = f.new ? byLine.get(lineKey(f.ref)) : undefined;
    if (!d || edited(f.ref)) return f;
    const at = subjectLine('head', d);
    return at ? { ...f, ref: at } : f;
  });
}

function lineKey(ref: SourceRef): string {
  return `${ref.file}\u0000${ref.line}`;
}

/** `(side, d)` → the first line the change edits of policy `d`'s differing fields on `side` (a rendering-time edit first), memoized. */
function subjectLines(changes: readonly DocumentChange[], cite: EditedCite): (side: Side, d: Differing) => SourceRef | undefined {
  const lineOnly = { base: editedLines(changes, 'base', undefined, false), head: editedLines(changes, 'head', undefined, false) };
  const memo = { base: new Map<Differing, SourceRef | undefined>(), head: new Map<Differing, SourceRef | undefined>() };
  return (side, d) => {
    if (memo[side].has(d)) return memo[side].get(d);
    const at = renderedEdit(d, side, cite) ?? writtenEdit(d, changes, side, lineOnly[side]);
    memo[side].set(d, at);
    return at;
  };
}

/**
 * The policies both sides hold whose subject differs, by id: the tiers' (`ClusterPolicy.subject`), and the
 * NetworkPolicy tier's whose pod selector or isolated directions differ (installed ones left out: not the
 * repository's to edit). Most changes have none, and then nothing more is looked at.
 */
function differingPolicies(base: Cluster, head: Cluster): { readonly tiers: ReadonlyMap<string, Differing>; readonly networkPolicies: ReadonlyMap<string, Differing> } {
  const tiers = new Map<string, Differing>();
  const networkPolicies = new Map<string, Differing>();
  // The first of an id, as a search would find it.
  const headTierPolicies = new Map<string, ClusterPolicy>();
  for (const p of head.clusterPolicies ?? []) if (!headTierPolicies.has(p.id)) headTierPolicies.set(p.id, p);
  for (const p of base.clusterPolicies ?? []) {
    const now = headTierPolicies.get(p.id);
    if (now && JSON.stringify(now.subject) !== JSON.stringify(p.subject)) tiers.set(p.id, { ref: { base: p.ref, head: now.ref }, name: p.name, fields: SUBJECT_FIELDS });
  }
  const headPolicies = new Map(head.policies.map((p) => [p.id, p]));
  for (const p of base.policies) {
    const now = headPolicies.get(p.id);
    if (!now || now.installedBy !== undefined || p.installedBy !== undefined) continue;
    const pods = JSON.stringify(now.podSelector) !== JSON.stringify(p.podSelector);
    const directions = JSON.stringify([now.affects, now.joinsOnly]) !== JSON.stringify([p.affects, p.joinsOnly]);
    if (pods || directions) networkPolicies.set(p.id, { ref: { base: p.ref, head: now.ref }, name: p.name, fields: [...(pods ? POD_SELECTOR_FIELDS : []), ...(directions ? DIRECTION_FIELDS : [])] });
  }
  return { tiers, networkPolicies };
}

/** The subject's edit made at rendering time (an overlay's patch), when the policy's file reads the same on both sides. */
function renderedEdit(p: Differing, side: Side, cite: EditedCite): SourceRef | undefined {
  for (const field of p.fields) {
    const at = cite(side, p.ref[side], p.name, ['spec', field]);
    if (at) return at;
  }
  return undefined;
}

/** The first line the change edits in the subject's block of the policy's changed document on `side`, as written. */
function writtenEdit(p: Differing, changes: readonly DocumentChange[], side: Side, edited: (ref: SourceRef) => boolean): SourceRef | undefined {
  const ref = p.ref[side];
  const doc = changes.map((c) => c[side]).find((d) => d !== undefined && d.file === ref.file && d.startLine <= ref.line && ref.line <= d.endLine);
  if (!doc) return undefined;
  const parsed = parseDocuments(doc.text, 'kubectl').find((d) => !d.error && specOf(d.value) !== undefined);
  const spec = parsed && specOf(parsed.value);
  if (!parsed || !spec) return undefined;
  const keys = new KeyLines(parsed.text, parsed.value);
  const lines = textLines(parsed.text);
  let first: number | undefined;
  for (const field of p.fields) {
    if (!(field in spec)) continue;
    // Lines of the document's text, 1-based: the key's, then the block below it (indented more).
    const start = keys.keyLine(spec, field);
    if (start === undefined) continue;
    const indent = indentOf(lines[start - 1]);
    for (let i = start; i <= lines.length; i++) {
      const l = lines[i - 1];
      if (i > start && l.trim() !== '' && !l.trimStart().startsWith('#') && indentOf(l) <= indent) break;
      const line = doc.startLine + parsed.startLine - 1 + i - 1;
      if (edited({ file: doc.file, line })) {
        if (first === undefined || line < first) first = line;
        break;
      }
    }
  }
  return first === undefined ? undefined : { file: doc.file, line: first };
}

function specOf(value: unknown): Record<string, unknown> | undefined {
  const spec = value !== null && typeof value === 'object' ? (value as { spec?: unknown }).spec : undefined;
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
