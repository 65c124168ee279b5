/** `reachdiff diff` default output: what opened, what closed, why, and the rollback, for a terminal. */
import { movedNote, renamesList, workloadChanges } from '../analysis/renamed-workloads.js';
import { TIDYING_MARK, movedFrom, rollbackCloses, rollbackParts, rollbackStepName, rollbackVerb, samePatchText } from './document-step.js';
import { renameStepText, rollbackSteps } from './rollback-steps.js';
import type { DiffReport, ExplainedPair } from '../analysis/types.js';
import { pairConns, peerId } from '../engine/index.js';
import { unresolvedPeersNote } from './unproven.js';
import { quietText } from './quiet-text.js';
import { abstractGroupLine, abstractRuleLines, abstractSectionCount, incompleteNote, isAbstractPair, reportAbstractGroups, unresolvedNamedPortsNote } from './abstract-groups.js';
import { causeGroupLines, causeSections, causeWorkloadsOf, groupsWithCauses, tierGroupLine } from './cause-sections.js';
import { causeEffect, sectionCauseText } from './cause-text.js';
import { namespaceIsolationLeftOut, namespaceIsolationPolicyLines, namespaceIsolationText } from './namespace-isolation-text.js';
import { errorsText, warningsApart } from './errors-section.js';
import type { FindingPeerName } from './findings.js';
import { findingText, listedFindings, ownFindings, sharedAwayText } from './findings.js';
import type { DiffFinding } from '../findings/types.js';
import { alikeLead, alikeText, findingGroups, findingsCount } from './finding-groups.js';
import { groupLine, moreGroupsLine, shownPairGroups } from './pair-groups.js';
import { HOST_NETWORK_CAVEAT, hostNetworkEnds } from './host-network-mark.js';
import { idText as podsIdText, isSummaryName, withPodsText } from './pods-text.js';
import { reportTelling } from './telling-names.js';
import { plainRef, reasonText } from './reason-text.js';
import { verdict } from './verdict.js';
import { combinedLabelsText, combinedLabelsView } from './combined-labels-text.js';
import { plural } from '../util/plural.js';
import { headline } from './headline.js';
import { goneText } from './assumed-gone.js';
import { createdText } from './created-namespaces.js';
import { HEADLINE_TELLS, headlineTells } from './headline-told.js';
import type { PeerLabel } from './peer-label.js';
import { displayPeer, peerLabels } from './peer-label.js';
import type { SidedWarnings } from './warning-lines.js';
import { NEW_WARNINGS, otherWarnings, preExistingLine, warningLines } from './warning-lines.js';
import { documentLine } from '../manifests/document-line.js';

export interface TextOptions {
  /** Files the change touched: warnings about other files become one count line. Absent: all are listed. */
  readonly changedFiles?: ReadonlySet<string>;
  readonly omitWarnings?: boolean;
  /** A target's section over several: the `sharedKeys` of findings other targets hold too, listed once after the sections (not here). */
  readonly sharedFindings?: ReadonlySet<string>;
  /** How peers are named (default: ids, addresses as CIDRs). */
  readonly label?: PeerLabel;
  /** Names for external CIDRs (`externalNames`), in the headline's short peers as in `label`'s rows. */
  readonly externalNames?: Readonly<Record<string, string>>;
  /** Where the rollback patch applies (default `on the head commit`; a folder side: `in FOLDER`, its paths being the folder's). */
  readonly patchApplies?: string;
  /** A target's section over several: the earlier section (its label) that printed this same rollback patch; the patch is not printed again, so that it is applied once. */
  readonly patchAbove?: string;
  /** The verdict line, when the caller knows more than the report (default `verdict(report)`; report/targets-markdown.ts `unanalysedInputs`). */
  readonly verdict?: string;
}

export function diffText(whole: DiffReport, options: TextOptions = {}): string {
  // Label-combination openings have their section of their own, after the other opened paths (combined-labels-text.ts).
  const report = combinedLabelsView(whole);
  // Pods the manifests do not hold read by their short names (pods-text.ts); the JSON keeps the ids, and the
  // names that count what they do not write are listed in full at the end, as Markdown does (new-user 46b #2).
  const shortened = new Map<string, string>();
  const heard = (text: string, id: string) => {
    if (isSummaryName(text)) shortened.set(text, id);
  };
  // Names that would read alike write the labels that tell them apart (telling-names.ts).
  const telling = reportTelling(whole);
  const label = withPodsText(options.label ?? displayPeer, (text, p) => heard(text, peerId(p)), telling);
  const idText = (id: string) => {
    const text = podsIdText(id, telling);
    if (text !== id) heard(text, id);
    return text;
  };
  const out: string[] = [options.verdict ?? verdict(report), ''];
  const headlineLabel = withPodsText(peerLabels(report.workloads ?? [], options.externalNames), (text, p) => heard(text, peerId(p)), telling);
  const words = headline(report.highlights ?? [], headlineLabel);
  if (words) out.push(words, '');
  out.push(...errorsText(report));
  const incomplete = incompleteNote(report);
  if (incomplete) out.push(`Note: ${incomplete}`, '');
  const unresolved = unresolvedNamedPortsNote(report);
  if (unresolved) out.push(`Note: ${unresolved}`, '');
  const peers = unresolvedPeersNote(report);
  if (peers) out.push(`Note: ${peers}`, '');
  // Paths of pods the change probably removes, not counted (assumed-gone.ts): what they would be, in the headline's words.
  const gone = report.assumedGone;
  if (gone) out.push(`Note: ${goneText(gone, (items) => headline(items, headlineLabel))}`, '');
  if (report.createdNamespaces) out.push(`Note: ${createdText(report.createdNamespaces, (items) => headline(items, headlineLabel))}`, '');
  // Changed policies no path shows: what their changed rules admit, and why no path changed (quiet-text.ts).
  out.push(...quietText(report));
  const moved = movedNote(report.moved);
  if (moved) out.push(`Note: ${moved}.`, '');
  const section = (title: string, pairs: ExplainedPair[], which: 'opened' | 'closed') => {
    if (pairs.length === 0) return;
    out.push(`${title} (${pairs.length}):`);
    for (const p of pairs) {
      out.push(`  ${label(p.src)} => ${label(p.dst)} : ${pairConns(p, which)!.toText()}${changeNote(p, hostNetworkEnds(report, p))}`);
      for (const r of which === 'opened' ? p.whyOpened : p.whyClosed) out.push(`      why: ${reasonText(r, plainRef, idText)}`);
    }
    out.push('');
  };
  // Over several targets, the findings others hold too are listed once after the sections (findings/across-targets.ts).
  const { own: findings, away } = ownFindings(listedFindings(report.findings), options.sharedFindings);
  out.push(...findingsText(findings, 'Findings', undefined, idText));
  if (away) out.push(sharedAwayText(away, 'after'), '');
  // Destinations an isolation cause stands for are told as that cause (cause-sections.ts).
  const summary = groupsWithCauses(report, shownPairGroups(report.pairs));
  if (summary.causes.length || summary.tiers.length || summary.groups.length) {
    out.push(`${report.pairs.length} changed pairs, grouped:`, ...causeGroupLines(summary.causes, label, plainRef, summary.workloads).map((l) => `  ${l}`), ...summary.tiers.map((h) => `  ${tierGroupLine(h, label)}`));
    out.push(...summary.groups.map((g) => `  ${g.kind === 'more' ? `${moreGroupsLine(g)} (every pair is listed below)` : groupLine(g, idText, (r) => `${g.change === 'opened' ? '' : 'base:'}${r.file}:${r.line}`)}`), '');
  }
  const concrete = report.pairs.filter((p) => !isAbstractPair(p));
  section('Opened', concrete.filter((p) => p.opened), 'opened');
  section('Closed', concrete.filter((p) => p.closed), 'closed');
  for (const which of ['opened', 'closed'] as const) {
    if (which === 'closed') out.push(...combinedLabelsText(report, label, plainRef));
    const groups = reportAbstractGroups(report, which);
    if (groups.length === 0) continue;
    const title = `${which === 'opened' ? 'Opened' : 'Closed'} with pods the manifests do not hold, by rule (${abstractSectionCount(groups, report, which)}):`;
    const sections = causeSections(groups, report.isolationCauses);
    // Its one line says what the headline says: the count alone (new-user 46 #4).
    if (headlineTells(sections, words, withPodsText(peerLabels(report.workloads ?? [], options.externalNames), undefined, telling), plainRef)) {
      out.push(`${title} ${HEADLINE_TELLS}.`, '');
      continue;
    }
    out.push(title);
    // A policy's isolation lapsing or starting: its sentence, then its lines one level in.
    for (const s of sections) {
      const indent = s.cause ? '    ' : '  ';
      // A namespace's start (lapse) under several policies: its policies' lines stand for its label combinations' lines.
      if (s.cause?.namespaceIsolation) {
        out.push(`  ${capitalised(namespaceIsolationText(s.cause, label, plainRef, 0))} (${namespaceIsolationLeftOut(s.groups.length)}):`);
        out.push(...namespaceIsolationPolicyLines(s.cause, label, plainRef).map((l) => `${indent}${l}`));
        continue;
      }
      // One line whose cause the headline tells in the same words: the line alone, not the sentence a second time (new-user 39 #11).
      const told = s.cause !== undefined && s.groups.length === 1 && words.includes(causeEffect(s.cause, headlineLabel));
      if (s.cause && !told) out.push(`  ${capitalised(sectionCauseText(s.cause, label, plainRef, causeWorkloadsOf(report, s.cause)))}; ${s.groups.length === 1 ? 'its line' : `its ${s.groups.length} lines`}:`);
      // Every subject and peer named: the text keeps every path (a closed-only change's sources are who breaks).
      // Lines of one rule are one line (abstractRuleLines); a cause's stay one per label combination and peers.
      const lines = s.cause ? s.groups.map((g) => abstractGroupLine(g, label, plainRef, Infinity, idText)) : abstractRuleLines(s.groups, label, plainRef, Infinity, idText);
      out.push(...lines.map((l) => `${told ? '  ' : indent}${l}`));
    }
    out.push('');
  }
  if (shortened.size) out.push(...fullNamesText(shortened), '');
  const { added, removed, renamed } = workloadChanges(report);
  if (added.length) out.push(`Workloads added: ${added.map((w) => w.id).join(', ')}`, '');
  if (removed.length) out.push(`Workloads removed: ${removed.map((w) => w.id).join(', ')}`, '');
  if (renamed.length) out.push(`Workloads renamed, the same pods (their paths compared as one): ${renamesList(renamed)}`, '');
  const rb = report.rollback;
  if (rb.documents.length) {
    // Some paths stay open whatever is reverted: the documents close the rest, and the note says how many stay.
    // Label-combination openings are no rollback target (analysis/combined-labels.ts): said so.
    const closes = `to close ${rollbackCloses(rb, report.counts.combinedLabels)}`;
    // Files the revert leaves read by no build are deleted too, as tidying: not counted in the minimal set (new-user trial 45, finding 8).
    const parts = rollbackParts(rb);
    const tidy = parts.tidying ? `, and delete ${plural(parts.tidying, 'document')} no build reads once ${parts.needed === 1 ? 'it is' : 'they are'} reverted` : '';
    out.push(`Rollback (${rb.minimality === 'proven' ? 'proven minimal' : 'greedy'}): revert ${plural(parts.needed, 'document')} ${closes}${tidy}:`);
    for (const step of rollbackSteps(rb)) {
      // A renamed namespace is one step, each object at head's line (a pair in two files: base's too).
      if ('rename' in step) {
        out.push(`  ${renameStepText(step, (d) => rollbackStepName(d, undefined, d.head!.file), ({ removed, added }) => (removed.base!.file === added.head!.file ? `${added.head!.file}:${documentLine(added.head!)}` : `moved from base:${removed.base!.file}:${documentLine(removed.base!)} to ${added.head!.file}:${documentLine(added.head!)}`))}`);
        continue;
      }
      const d = step.document;
      // A document only base holds is at base's line, written so as in Markdown.
      const at = d.head ? `${d.head.file}:${documentLine(d.head)}` : `base:${d.base!.file}:${documentLine(d.base!)}`;
      const from = movedFrom(d);
      out.push(`  ${rollbackVerb(d.change)} ${rollbackStepName(d, undefined, (d.head ?? d.base)!.file)} (${from ? `moved from base:${from.file}:${from.line} to ${at}` : at})${parts.isTidying(d) ? ` (${TIDYING_MARK})` : ''}`);
    }
    for (const n of rb.notes) out.push(`  note: ${n}`);
    // Said, as Markdown says it: a reader of the text should know what the diff below is for.
    out.push('', options.patchAbove ? samePatchText(options.patchAbove) : `Patch (git apply ${options.patchApplies ?? 'on the head commit'}):`, ...(options.patchAbove ? [''] : [rb.patch]));
  } else if (rb.proposal || rb.notes.length) {
    out.push(rb.proposal ? `Rollback: add ${rb.proposal.file} instead of reverting:` : 'Rollback:', ...rb.notes.map((n) => `  note: ${n}`), '');
    if (rb.patch) out.push(...(options.patchAbove ? [samePatchText(options.patchAbove), ''] : [`Patch adding ${rb.proposal?.file ?? 'it'} (git apply ${options.patchApplies ?? 'on the head commit'}):`, rb.patch]));
  }
  if (!options.omitWarnings) out.push(...warningsText(warningsApart(report), options.changedFiles));
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The new warnings (wherever they are written), then the others in changed files, then a count of the rest (warning-lines.ts). */
export function warningsText(warnings: SidedWarnings, changedFiles?: ReadonlySet<string>): string[] {
  const { fresh, listed, preExisting } = warningLines(warnings, changedFiles);
  const out: string[] = [];
  if (fresh.length) out.push(NEW_WARNINGS + ':', ...fresh.map((w) => `  ${w}`), '');
  if (listed.length) out.push(`${otherWarnings(fresh.length > 0, changedFiles)}:`, ...listed.map((w) => `  ${w}`), '');
  if (preExisting) out.push(preExistingLine(preExisting, 'all listed with --format json'), '');
  return out;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The shortened names above with their ids, every one (the text keeps every path; Markdown folds the first 20). */
export function fullNamesText(shortened: ReadonlyMap<string, string>): string[] {
  return [`Full names of the ${plural(shortened.size, 'shortened name')} above:`, ...[...shortened].map(([text, id]) => `  ${text} is ${id}`)];
}

/** `[src added, dst uses hostNetwork: …]`: an end added or removed, and an end whose pods use hostNetwork (`host`, host-network-mark.ts). */
function changeNote(p: ExplainedPair, host: readonly ('src' | 'dst')[] = []): string {
  const notes = (['src', 'dst'] as const).flatMap((e) => [...(p.peerChanges[e] ? [`${e} ${p.peerChanges[e]}`] : []), ...(host.includes(e) ? [`${e} ${HOST_NETWORK_CAVEAT}`] : [])]);
  return notes.length ? `  [${notes.join(', ')}]` : '';
}

/**
 * `Findings (N):` and each finding as `file:line: severity: message [CODE]` with its fix, old ones marked,
 * alike ones of a file grouped (finding-groups.ts); `title` and `where` (after the message) for the findings
 * several targets hold (findings/across-targets.ts); `name`: how the diff names the pods a message points to
 * (finding-peer-names.ts). Nothing for none.
 */
export function findingsText(findings: readonly DiffFinding[], title = 'Findings', where?: (f: DiffFinding) => string | undefined, name?: FindingPeerName): string[] {
  if (findings.length === 0) return [];
  const groups = findingGroups(findings);
  const out = [`${title} (${findingsCount(groups)}):`];
  for (const { first: f, rest } of groups) {
    const [said, fix] = findingText(f, name).split('\n');
    out.push(`  ${f.new ? '' : '(old) '}${said}`);
    // Alike findings of the same file: their positions and what each concerns, the fix once (finding-groups.ts).
    if (rest.length) out.push(`      ${alikeLead(rest)}:`, ...rest.map((g) => `        ${g.ref.file}:${g.ref.line}: ${alikeText(g)}`));
    const at = where?.(f);
    if (at) out.push(`      in ${at}`);
    out.push(`  ${fix}`);
  }
  out.push('');
  return out;
}
