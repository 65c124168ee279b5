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
 */
import type { Cluster, ClusterPolicy, SourceRef } from '../engine/model.js';
import type { Reason } from '../engine/index.js';
import type { DocumentChange, ExplainedPair } from './types.js';
import type { EditedCite } from './edited-objects.js';
import { editedLines } from './edited-objects.js';
import { movedReasons } from './moved-reasons.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { KeyLines } from '../manifests/key-lines.js';
import { textLines } from '../util/line-ends.js';

type Side = 'base' | 'head';

/** The fields of a tier policy's `spec` that say whom it applies to, by kind (see the header). */
const SUBJECT_FIELDS = ['subject', 'selector', 'namespaceSelector', 'serviceAccountSelector', 'endpointSelector', 'nodeSelector'] as const;

/**
 * `pairs` with each `tier-rule` reason whose policy's subject differs between the sides, and whose line the change
 * does not edit, cited at the subject's edited line on its side: a rendering-time edit of it (`cite`, an overlay's
 * patch of `spec.subject`), else the first line the change edits in the subject's block of the policy's document.
 * Unchanged when the policy is on one side only, or no edited subject line is found.
 */
export function withSubjectEdits(pairs: readonly ExplainedPair[], changes: readonly DocumentChange[], base: Cluster, head: Cluster, cite: EditedCite): ExplainedPair[] {
  const clusters = { base, head };
  // Only policies both sides hold whose subject differs: most changes have none, and then nothing is looked at.
  const differing = new Set<string>();
  for (const p of base.clusterPolicies ?? []) {
    const now = head.clusterPolicies?.find((x) => x.id === p.id);
    if (now && JSON.stringify(now.subject) !== JSON.stringify(p.subject)) differing.add(p.id);
  }
  if (differing.size === 0) return [...pairs];
  const edited = { base: editedLines(changes, 'base'), head: editedLines(changes, 'head') };
  const lineOnly = { base: editedLines(changes, 'base', undefined, false), head: editedLines(changes, 'head', undefined, false) };
  const memo = new Map<string, SourceRef | undefined>();
  const subjectLine = (side: Side, policy: string): SourceRef | undefined => {
    const key = `${side}\u0000${policy}`;
    if (memo.has(key)) return memo.get(key);
    const p = clusters[side].clusterPolicies?.find((x) => x.id === policy);
    const at = p && (renderedEdit(p, side, cite) ?? writtenEdit(p, changes, side, lineOnly[side]));
    memo.set(key, at);
    return at;
  };
  return movedReasons(pairs, (r: Reason): Reason => {
    if (r.kind !== 'tier-rule' || !differing.has(r.policy) || edited[r.side](r.ref)) return r;
    const at = subjectLine(r.side, r.policy);
    return at ? { ...r, ref: at } : r;
  });
}

/** The subject's edit made at rendering time (an overlay's patch), when the policy's file reads the same on both sides. */
function renderedEdit(p: ClusterPolicy, side: Side, cite: EditedCite): SourceRef | undefined {
  for (const field of SUBJECT_FIELDS) {
    const at = cite(side, p.ref, p.name, ['spec', field]);
    if (at) return at;
  }
  return undefined;
}

/** The first line the change edits in the subject's block of the policy's changed document on `side`, as written. */
function writtenEdit(p: ClusterPolicy, changes: readonly DocumentChange[], side: Side, edited: (ref: SourceRef) => boolean): SourceRef | undefined {
  const doc = changes.map((c) => c[side]).find((d) => d !== undefined && d.file === p.ref.file && d.startLine <= p.ref.line && p.ref.line <= d.endLine);
  if (!doc) return undefined;
  const parsed = parseDocuments(doc.text, 'kubectl').find((d) => !d.error && specOf(d.value) !== undefined);
  const spec = parsed && specOf(parsed.value);
  if (!parsed || !spec) return undefined;
  const keys = new KeyLines(parsed.text, parsed.value);
  const lines = textLines(parsed.text);
  let first: number | undefined;
  for (const field of SUBJECT_FIELDS) {
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
