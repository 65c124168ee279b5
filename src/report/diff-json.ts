/** `reachdiff diff --format json`: the contract's pairs, plus `why`, peer changes and the rollback. */
import type { DiffReport, DocumentChange, ExplainedPair, MovedDocument } from '../analysis/types.js';
import type { PairDiff, PairField, Reason } from '../engine/index.js';
import { pairConns, peerId, publicPolicyId } from '../engine/index.js';
import type { CoarsePairs } from './coarse-pairs.js';
import { coarsePairs } from './coarse-pairs.js';
import { pairGroups } from './pair-groups.js';
import { peerJson, selectorJson } from './peer-json.js';
import { reasonText } from './reason-text.js';
import { findingJson } from './findings.js';
import { warningJson } from './warnings.js';
import { movedFrom, rollbackParts } from './document-step.js';
import { reKeyedInPlace } from '../analysis/moved-documents.js';
import { matchWarnings } from './warning-match.js';
import { documentLine } from '../manifests/document-line.js';

/** A changed document's line, as the text and Markdown cite it (its first content line: document-line.ts). */
const spanLine = (d: DocumentChange['head']) => d && documentLine(d);

/** The contract's connection set, with `namedPorts` toward pods whose container ports are unknown. */
const conn = (p: PairDiff, field: PairField) => pairConns(p, field)?.toJSON() ?? null;
// A tier rule's Calico placement serves the text only: the JSON's reasons keep their contract's fields.
const why = (reasons: readonly Reason[]) => reasons.map((r) => ({ ...publicReason(withoutCalico(r)), text: reasonText(r) }));
function withoutCalico(r: Reason): Reason {
  if (r.kind !== 'tier-rule' || !r.calico) return r;
  const { calico: _calico, ...rest } = r;
  return rest;
}

/** The reason with its policy named as the cluster has it (policy-terms.ts `publicPolicyId`: never a copy's internal namespace). */
function publicReason(r: Reason): Reason {
  if (!('policy' in r) || r.policy === undefined) return r;
  const policy = publicPolicyId(r.policy);
  return policy === r.policy ? r : { ...r, policy };
}

/** One changed pair as the contract gives it. */
export function pairJson(p: ExplainedPair): object {
  return {
    src: peerJson(p.src),
    dst: peerJson(p.dst),
    base: conn(p, 'base'),
    head: conn(p, 'head'),
    opened: conn(p, 'opened'),
    closed: conn(p, 'closed'),
    ...(p.peerChanges.src || p.peerChanges.dst ? { peerChanges: p.peerChanges } : {}),
    // Pods of the abstract end that other policies allowed part of the change on both sides (analysis/masked-lines.ts).
    ...(p.unchangedForSome ? { unchangedForSome: p.unchangedForSome.toJSON() } : {}),
    // A pair toward a region a workload represents, its base and head reduced by what the workload's pair says (abstract-pairs.ts): the whole sets.
    ...(p.whole ? { whole: { base: p.whole.base?.toJSON() ?? null, head: p.whole.head?.toJSON() ?? null } } : {}),
    // Region pairs of a merged abstract pair whose port names changed otherwise (analysis/narrower-for-some.ts): what they got instead, by the ids of their own ends.
    ...(p.narrowerForSome ? { narrowerForSome: p.narrowerForSome.map((x) => ({ opened: x.opened?.toJSON() ?? null, closed: x.closed?.toJSON() ?? null, pairs: x.pairs.map((e) => ({ src: peerId(e.src), dst: peerId(e.dst) })) })) } : {}),
    // A label-combination opening (analysis/combined-labels.ts): among the opened pairs, counted in `summary.combinedLabels` too.
    ...(p.combinedLabels ? { combinedLabels: true } : {}),
    why: { opened: why(p.whyOpened), closed: why(p.whyClosed) },
  };
}

/**
 * `coarse`: the report's pairs as `coarsePairs` writes them, by default the report's own; `nextGroup`
 * numbers the region groups not given (`assumedGone`'s too): targets-json.ts numbers every target's in one
 * document, else they count from 1.
 */
export function diffJsonObject(report: DiffReport, coarse?: CoarsePairs, nextGroup: () => number = groupCounter()): object {
  const { pairs, regionGroups } = coarse ?? coarseReportPairs(report.pairs, nextGroup);
  // The paths set apart are grouped alike, their groups beside them.
  const gone = report.assumedGone && coarseReportPairs(report.assumedGone.pairs, nextGroup);
  const created = report.createdNamespaces && coarseReportPairs(report.createdNamespaces.pairs, nextGroup);
  const groups = pairGroups(report.pairs);
  const match = matchWarnings(report.warnings);
  const tidying = rollbackParts(report.rollback);
  return {
    schemaVersion: 1,
    // Regions whose change rows are identical are one pair end, a region group (coarse-pairs.ts).
    pairs,
    findings: report.findings.map(findingJson),
    // Every warning of both sides; head's `new` when base did not have it, base's `gone` when head no longer has it (warning-match.ts).
    warnings: [...report.warnings.head.map((w) => ({ ...warningJson(w), new: match.fresh.has(w) })), ...report.warnings.base.map((w) => ({ ...warningJson(w), side: 'base', gone: match.gone.has(w) }))],
    summary: { opened: report.counts.opened, closed: report.counts.closed, errors: report.counts.errors, ...(report.counts.combinedLabels ? { combinedLabels: report.counts.combinedLabels } : {}), ...(report.counts.notAnalysed ? { notAnalysed: report.counts.notAnalysed } : {}), ...(report.counts.notAnalysedOnBase ? { notAnalysedOnBase: report.counts.notAnalysedOnBase } : {}), ...(report.counts.notAnalysedChanges ? { notAnalysedChanges: report.counts.notAnalysedChanges } : {}) },
    errors: { introduced: report.errors.introduced.map(warningJson), preExisting: report.errors.preExisting },
    // Builds failing on head whose files the pull request changes (only when there are any: the contract's other fields stay as they were).
    ...(report.notAnalysed?.length ? { notAnalysed: report.notAnalysed.map((n) => ({ target: n.target, side: n.side, ...warningJson(n.error), changedFiles: n.changedFiles, alsoOnBase: n.alsoOnBase === true, ...(n.wholeTarget ? { wholeTarget: { controller: n.wholeTarget.controller, ...(n.wholeTarget.ref ? { file: n.wholeTarget.ref.file, line: n.wholeTarget.ref.line } : {}), ...(n.wholeTarget.step ? { step: n.wholeTarget.step } : {}), ...(n.wholeTarget.firstApply ? { firstApply: true } : {}), ...(n.wholeTarget.firstStage ? { firstStage: [...n.wholeTarget.firstStage] } : {}), ...(n.wholeTarget.firstStageObjects ? { firstStageObjects: [...n.wholeTarget.firstStageObjects] } : {}), ...(n.wholeTarget.firstStageNamespaces ? { firstStageNamespaces: n.wholeTarget.firstStageNamespaces.map((ns) => ({ namespace: ns.name, file: ns.ref.file, line: ns.ref.line })) } : {}), ...(n.wholeTarget.reason ? { reason: n.wholeTarget.reason } : {}), ...(n.wholeTarget.sharedWith ? { sharedWith: [...n.wholeTarget.sharedWith] } : {}) } } : {}) })) } : {}),
    // Builds failing on base that head builds: base deployed nothing there (only when there are any).
    ...(report.failedOnBase?.length ? { failedOnBase: report.failedOnBase.map((n) => ({ target: n.target, ...warningJson(n.error) })) } : {}),
    // A "no change" that holds only if targets only one side has were deployed with this one (assumed-fold.ts): the other reading's counts.
    ...(report.assumedFold ? { assumedFold: report.assumedFold } : {}),
    // What rests on placing namespace-less objects of unrelated folders together in `default` (placement-assumption.ts): those paths stay counted.
    ...(report.assumedPlacement ? { assumedPlacement: report.assumedPlacement } : {}),
    // Paths of pods the change probably removes (assumed-gone.ts): not in `pairs` nor `summary`; the policies, what went with them, and the paths if the pods still run.
    ...(report.assumedGone && gone ? { assumedGone: { policies: report.assumedGone.policies, ...(report.assumedGone.placed ? { placed: report.assumedGone.placed } : {}), opened: report.assumedGone.opened, closed: report.assumedGone.closed, pairs: gone.pairs, ...(gone.regionGroups.length ? { regionGroups: gone.regionGroups } : {}) } } : {}),
    // Closings of pods in namespaces the change creates (created-namespaces.ts): not in `pairs` nor `summary`; the paths that close if a namespace already existed.
    ...(report.createdNamespaces && created ? { createdNamespaces: { namespaces: report.createdNamespaces.namespaces, closed: report.createdNamespaces.closed, opened: report.createdNamespaces.opened, policies: report.createdNamespaces.policies.map((p) => ({ kind: p.kind, namespace: p.namespace, name: p.name, file: p.ref.file, line: p.ref.line })), pairs: created.pairs, ...(created.regionGroups.length ? { regionGroups: created.regionGroups } : {}) } } : {}),
    // Over GROUP_THRESHOLD changed pairs: the summary groups the comment shows first (pairs stay complete).
    ...(groups.length ? { groups } : {}),
    // The regions each group end of `pairs` stands for (only when some pair has one).
    ...(regionGroups.length ? { regionGroups } : {}),
    unmodelled: report.unmodelled.map((u) => ({ kind: u.label, count: u.count, changed: u.changed })),
    ...(report.abstractPeers ? { abstractPeers: report.abstractPeers } : {}),
    // Changed policies no path cites: the peers their changed rules add or lose, and why no path changed (analysis/quiet-changes.ts; only when there are any).
    // A peer's namespace selector as Kubernetes writes it (peer-json.ts).
    ...(report.quietChanges?.length ? { quietChanges: report.quietChanges.map((c) => ({ ...c, peers: c.peers.map((p) => (p.namespaceSelector ? { ...p, namespaceSelector: selectorJson(p.namespaceSelector) } : p)) })) } : {}),
    // `renamed`: pairs of `removed` and `added` with the same pods (analysis/renamed-workloads.ts); `moved`: the same in
    // another namespace (same name), their paths told as ever; both lists keep them.
    workloads: {
      added: report.added.map((w) => w.id),
      removed: report.removed.map((w) => w.id),
      ...(report.renamed?.length ? { renamed: report.renamed.map((r) => ({ from: r.from.id, to: r.to.id })) } : {}),
      ...(report.moved?.length ? { moved: report.moved.map((r) => ({ from: r.from.id, to: r.to.id })) } : {}),
    },
    // A moved document keeps its removed and added entries; each names the other (`movedTo`, `movedFrom`), and an edited one moved across files its old place.
    // A document re-keyed where it stands (same file, same text) is no change of its own (moved-documents.ts reKeyedInPlace).
    changedDocuments: withoutReKeyed(report.changes).map((c) => ({ key: c.key, change: c.change, file: (c.head ?? c.base)?.file, line: spanLine(c.head ?? c.base), ...movedFields(c) })),
    rollback: {
      // `rendered`: the objects as a Kustomize build renames them, only when it does (`key` stays the source identity);
      // `patchOf`: for a strategic merge patch, the objects it patches, as built. `tidying`: deleted only because no build
      // reads it once the rest is reverted; it closes no path, and `minimality` is of the other documents.
      documents: report.rollback.documents.map((d) => ({ key: d.key, change: d.change, file: (d.head ?? d.base)?.file, line: spanLine(d.head ?? d.base), ...(d.rendered ? { rendered: d.rendered } : {}), ...(d.patchOf ? { patchOf: d.patchOf } : {}), ...movedFields(d), ...(tidying.isTidying(d) ? { tidying: true } : {}) })),
      minimality: report.rollback.minimality,
      remainingOpened: report.rollback.remainingOpened,
      notes: report.rollback.notes,
      patch: report.rollback.patch,
      hunks: report.rollback.hunks,
      // A renamed namespace the rollback renames back: its pairs of `documents` keys (analysis/namespace-renames.ts).
      ...(report.rollback.renames?.length ? { renames: report.rollback.renames } : {}),
      ...(report.rollback.proposal ? { proposal: report.rollback.proposal } : {}),
    },
  };
}

/** The pairs coarsened as the JSON writes them, groups numbered by `nextGroup`. */
/** `changes` without the documents re-keyed in place; the same list when there are none. */
function withoutReKeyed(changes: readonly DocumentChange[]): readonly DocumentChange[] {
  const same = reKeyedInPlace(changes);
  return same.size === 0 ? changes : changes.filter((c) => !same.has(c));
}

/** A changed document's optional move fields: the removed half of a move `movedTo`, the added half (or an edited document now in another file) `movedFrom`. */
function movedFields(c: DocumentChange): { movedTo?: MovedDocument; movedFrom?: MovedDocument } {
  const from = movedFrom(c);
  return { ...(c.movedTo ? { movedTo: c.movedTo } : {}), ...(from ? { movedFrom: from } : {}) };
}

export function coarseReportPairs(pairs: readonly ExplainedPair[], nextGroup: () => number): CoarsePairs {
  return coarsePairs(pairs, pairJson, nextGroup);
}

/** Numbers 1, 2, 3… for the region groups of one document. */
export function groupCounter(): () => number {
  let n = 0;
  return () => ++n;
}

export function diffJson(report: DiffReport): string {
  return JSON.stringify(diffJsonObject(report), null, 2) + '\n';
}
