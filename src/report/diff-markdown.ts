/**
 * The PR comment body (also `reachdiff diff --format md`): verdict first, the opened and closed paths
 * with why and links to the lines responsible, then collapsible details. Kept under `maxChars` by
 * showing fewer rows, with an explicit note saying what was left out.
 */
import { movedNote, workloadChanges } from '../analysis/renamed-workloads.js';
import { HOST_NETWORK_CAVEAT, hostNetworkEnds } from './host-network-mark.js';
import { TIDYING_MARK, movedFrom, rollbackCloses, rollbackParts, rollbackStepName, rollbackVerb, samePatchText } from './document-step.js';
import { renameStepText, rollbackSteps } from './rollback-steps.js';
import type { DiffReport, ExplainedPair } from '../analysis/types.js';
import type { PeerRef, SourceRef } from '../engine/index.js';
import { pairConns, peerId } from '../engine/index.js';
import { quietMarkdown } from './quiet-text.js';
import { unproven, unresolvedPeersNote } from './unproven.js';
import { goneText } from './assumed-gone.js';
import { createdText } from './created-namespaces.js';
import { abstractGroupLine, abstractPathCount, abstractRuleLines, incompleteNote, isAbstractPair, unresolvedNamedPortsNote } from './abstract-groups.js';
import type { AbstractGroup } from './abstract-groups.js';
import type { RenderMemo, RenderedOnce } from './render-memo.js';
import type { FixedParts } from './fixed-parts.js';
import { fixedLines, fixedParts } from './fixed-parts.js';
import { PastLimit, linesUnder } from './past-limit.js';
import { abstractOnce, pictureOnce, renderedOnce, summaryOnce } from './render-memo.js';
import { causeGroupLines, causeWorkloadsOf, tierGroupLine } from './cause-sections.js';
import { sectionCauseText } from './cause-text.js';
import { namespaceIsolationLeftOut, namespaceIsolationPolicyLines, namespaceIsolationText } from './namespace-isolation-text.js';
import { policyLineShares } from './policy-line-shares.js';
import { warningsApart, errorsMarkdown } from './errors-section.js';
import { FINDING_SEVERITIES } from '../findings/types.js';
import { COMMENT_FINDINGS, findingsMarkdown, listedFindings, ownFindings, sharedAwayText } from './findings.js';
import { cell } from './list-formats.js';
import { groupLine, moreGroupsLine } from './pair-groups.js';
import type { RefFormatter } from './reason-text.js';
import { idText as podsIdText, isSummaryName, withPodsText } from './pods-text.js';
import { reportTelling } from './telling-names.js';
import { plainRef, reasonText } from './reason-text.js';
import { verdict } from './verdict.js';
import { combinedLabelsMarkdown, combinedLabelsView } from './combined-labels-text.js';
import { plural } from '../util/plural.js';
import { headline } from './headline.js';
import { HEADLINE_TELLS, headlineTells } from './headline-told.js';
import { peerLabels } from './peer-label.js';
import type { PeerLabel } from './peer-label.js';
import type { SidedWarnings } from './warning-lines.js';
import { NEW_WARNINGS, otherWarnings, preExistingLine, warningLines } from './warning-lines.js';
import { documentLine } from '../manifests/document-line.js';

export interface MarkdownOptions {
  /** URL of a manifest line (e.g. at the head SHA); plain `file:line` text when absent. */
  readonly link?: (ref: SourceRef, side: 'base' | 'head') => string | undefined;
  /** How to show a peer (e.g. a configured name for an external range). */
  readonly peerLabel?: (p: PeerRef) => string;
  /** Upper bound on the body length, in characters. */
  readonly maxChars?: number;
  /** Where the full report lives when rows had to be left out (e.g. "the check run"). */
  readonly fullReportHint?: string;
  /** Draw the Mermaid picture of the change (the comment and `--format md`; the check run passes false). */
  readonly picture?: boolean;
  /** Where the rollback patch applies (default `on the head commit`; a folder side: `in FOLDER`). */
  readonly patchApplies?: string;
  /** A target's section over several: the earlier section (its label) that shows this same rollback patch; not shown again, so that it is applied once. */
  readonly patchAbove?: string;
  /** The verdict after the title, when the caller knows more than the report (default `verdict(report)`; report/targets-markdown.ts `unanalysedInputs`). */
  readonly verdict?: string;
  /** Heading text after the icon (default `reachdiff`; a target's name in a per-target section). */
  readonly title?: string;
  /** Files the change touched: warnings about other files become one count line. Absent: all are listed. */
  readonly changedFiles?: ReadonlySet<string>;
  /** Leave warnings out (a report over several targets lists them once, at its end). */
  readonly omitWarnings?: boolean;
  /** A target's section over several: the `sharedKeys` of findings other targets hold too, listed once below the sections (not here). */
  readonly sharedFindings?: ReadonlySet<string>;
  /** What renders of the same report share (render-memo.ts), kept across the caller's renders of it; absent: shared within this render only. */
  readonly memo?: RenderMemo;
  /**
   * Without `maxChars`: stop, throwing `PastLimit` (past-limit.ts), once the text certainly passes this many
   * characters, for a caller that wants the whole text only when it fits (pr-report.ts). Ignored within a budget.
   */
  readonly stopPast?: number;
}

/**
 * The row limits the comment tries, most rows first, before halving between the first that fits and the one
 * above it (`mostThatFits`); past the last, the text at no rows cut to the budget.
 */
export const ROW_LIMITS: readonly number[] = [Infinity, 500, 200, 100, 50, 20, 10, 5, 1];

/**
 * What an attempt lists, by priority. `rows`: the opened and closed paths between workloads (table rows), the
 * errors, the findings (at most `COMMENT_FINDINGS`). `lines`: the lines of pods the manifests do not hold
 * (under their causes; a namespace's policy lines, shared: policy-line-shares.ts) and the warnings.
 */
export interface RowLimits {
  readonly rows: number;
  readonly lines: number;
}

/**
 * The report's Markdown under `options.maxChars`. Within a budget, what a reviewer needs first keeps its room
 * longest (docs/output-formats.md, "The comment under its size limit"): the most table rows that fit with no
 * other line (`mostThatFits`: as many as fit, not the row step below them), then the most lines of pods the
 * manifests do not hold (never more than the rows), then the
 * picture, then the patch. The verdict, headline, notes, summary, and each cause's and namespace's sentence
 * are written by every attempt. Nothing fits even without rows: the text at no rows, cut, with a note.
 */
export function renderDiffMarkdown(asked: DiffReport, options: MarkdownOptions = {}): string {
  // Label-combination openings have their section of their own, after the other opened paths (combined-labels-text.ts).
  const report = combinedLabelsView(asked);
  const max = options.maxChars ?? Infinity;
  const picture = options.picture !== false;
  const once = renderedOnce(report, options.memo);
  // One labeller for every attempt, so the picture drawn with it is drawn once (render-memo.ts).
  const given = options.peerLabel ?? peerLabels(report.workloads ?? []);
  // What every attempt writes alike (fixed-parts.ts), made by the first.
  const attempts = { once, given, fixed: fixedParts() };
  const all = { rows: Infinity, lines: Infinity };
  // No budget: the whole text (wanted only when it fits in `stopPast`: its render stops past that, past-limit.ts).
  if (max === Infinity) return render(report, options, all, true, picture, attempts, options.stopPast);
  // Within a budget, the last resort first: no rows, no patch, no picture (cut to the budget when nothing fits). It makes the fixed parts.
  const bare = render(report, options, { rows: 0, lines: 0 }, false, false, attempts);
  // Limits whose rows alone exceed the budget cannot fit: not rendered (a 150,000-pair report's every line, 3 GB);
  // nor those whose table rows and fixed parts do (a71f3ddae: the fixed parts alone, so no limit fit, and 24 renders learned it).
  const cannotFit = (limits: RowLimits) => fewestChars(report, limits.rows, once, limits.lines) > max || attempts.fixed.chars + tableRows(report, limits.rows) * MIN_ROW_CHARS > max;
  // An attempt is rendered only until it passes the budget (past-limit.ts): 500 rows of a71f3ddae were 1.5 MB.
  const within = (limits: RowLimits, withPatch: boolean, withPicture: boolean) => {
    if (cannotFit(limits)) return undefined;
    try {
      const body = render(report, options, limits, withPatch, withPicture, attempts, max);
      return body.length <= max ? body : undefined;
    } catch (e) {
      if (e instanceof PastLimit) return undefined;
      throw e;
    }
  };
  // Everything fits (a report a little over a share of several targets' budget may): the search would end there.
  const whole = within(all, true, picture);
  if (whole !== undefined) return whole;
  // The most table rows, with no other line, nor picture nor patch.
  const mostRows = mostThatFits(ROW_LIMITS, rowsHeld(report), (rows) => within({ rows, lines: 0 }, false, false));
  if (mostRows === undefined) {
    const hint = `\n\n> ⚠️ Truncated: this report exceeds the size limit. See ${options.fullReportHint ?? 'the full report'}.\n`;
    return bare.slice(0, Math.max(0, max - hint.length)) + hint;
  }
  // Then the most other lines at those rows, then the picture, then the patch with it.
  const rows = mostRows.n;
  const mostLines = mostThatFits(ROW_LIMITS.filter((n) => n <= rows), Math.min(rows, linesHeld(report, once)), (lines) => within({ rows, lines }, false, false));
  const found: { limits: RowLimits; body: string } = mostLines ? { limits: { rows, lines: mostLines.n }, body: mostLines.body } : { limits: { rows, lines: 0 }, body: mostRows.body };
  for (const [withPatch, withPicture] of [[true, picture], [false, picture]] as const) {
    if (!withPatch && !withPicture) break;
    const body = within(found.limits, withPatch, withPicture);
    if (body !== undefined) return body;
  }
  return found.body;
}

/**
 * The most `n` for which `fits` gives a text, and that text: the first of `steps` (most first) that fits, then,
 * by halving, the most between it and the step above it, which did not fit, or `held` when less (a finite
 * limit at or above `held` renders as `held` does). `fits` is taken to hold for every `n` below one that holds
 * (fewer rows, a shorter text). The steps find the region in few renders; the halving fills the budget as far
 * as it goes, where the step alone left room unused (test/github/volume, 1,763 paths: the check run's text held
 * the 100 rows of its step where 190 fit, the comment 100 where 132 did). Undefined when no step fits.
 */
export function mostThatFits(steps: readonly number[], held: number, fits: (n: number) => string | undefined): { n: number; body: string } | undefined {
  for (let i = 0; i < steps.length; i++) {
    const body = fits(steps[i]);
    if (body === undefined) continue;
    let found = { n: steps[i], body };
    // Every `n` between `found.n` and `above` is untried; `above` does not fit, or renders as `held` does.
    let above = Math.min(i === 0 ? Infinity : steps[i - 1], held + 1);
    while (above - found.n > 1) {
      const n = Math.floor((found.n + above) / 2);
      const at = fits(n);
      if (at === undefined) above = n;
      else found = { n, body: at };
    }
    return found;
  }
  return undefined;
}

/** A row limit past which an attempt leaves no more out: its longest list (each table's paths between workloads, the errors the change brings, the findings). */
function rowsHeld(report: DiffReport): number {
  const tables = (['opened', 'closed'] as const).map((which) => report.pairs.filter((p) => p[which] && !isAbstractPair(p)).length);
  return Math.max(...tables, report.errors.introduced.length, COMMENT_FINDINGS);
}

/**
 * A line limit past which an attempt leaves no more out, at least (any finite one: a namespace's policy lines
 * stay at most `NAMESPACE_POLICY_LINES` each below no limit): every line of pods the manifests do not hold, every
 * policy of a namespace's start or end of isolation, every warning.
 */
function linesHeld(report: DiffReport, once: RenderedOnce): number {
  const sides = (['opened', 'closed'] as const).map((which) => abstractOnce(report, which, once).sections.reduce((n, s) => n + s.groups.length + (s.cause?.namespaceIsolation?.policies.length ?? 0), 0));
  return Math.max(...sides, report.warnings.base.length + report.warnings.head.length);
}

/**
 * One attempt of `renderDiffMarkdown`'s search alone: the report at `rowLimit` table rows (and errors, findings)
 * and `lineLimit` other lines, with or without the patch and the picture, whatever its length. Tests compare
 * the search with the attempts it may skip.
 */
export function renderAttempt(report: DiffReport, options: MarkdownOptions, rowLimit: number, withPatch: boolean, withPicture: boolean, lineLimit = rowLimit): string {
  return render(report, options, { rows: rowLimit, lines: lineLimit }, withPatch, withPicture, { once: renderedOnce(report, options.memo), given: options.peerLabel ?? peerLabels(report.workloads ?? []), fixed: fixedParts() });
}

/** What the attempts of one `renderDiffMarkdown` call share: the report's memo entry, the labeller, the fixed parts. */
interface Attempts {
  readonly once: RenderedOnce;
  readonly given: PeerLabel;
  readonly fixed: FixedParts;
}

function render(whole: DiffReport, options: MarkdownOptions, { rows: rowLimit, lines: lineLimit }: RowLimits, withPatch: boolean, withPicture: boolean, { once, given, fixed }: Attempts, stopPast = Infinity): string {
  const report = combinedLabelsView(whole);
  const refFmt: RefFormatter = (ref, side) => {
    const text = `${side === 'base' ? 'base:' : ''}${ref.file}:${ref.line}`;
    const url = options.link?.(ref, side);
    return url ? `[${text}](${url})` : `\`${text}\``;
  };
  // Pods the manifests do not hold read by their short names (pods-text.ts); the JSON keeps the ids, and
  // the names that count what they do not write are listed in full at the end.
  const shortened = new Map<string, string>();
  const keep = (text: string, id: string) => void shortened.set(text, id);
  // Where the names labels meet go: the list, and the record of a fixed part while it is made.
  let heard: (text: string, id: string) => void = keep;
  // Names that would read alike write the labels that tell them apart (telling-names.ts).
  const telling = reportTelling(whole);
  const plain = withPodsText(given, (text, p) => {
    if (isSummaryName(text)) heard(text, peerId(p));
  }, telling);
  const idText = (id: string) => {
    const text = podsIdText(id, telling);
    if (text !== id && isSummaryName(text)) heard(text, id);
    return text;
  };
  const part = (key: string, make: () => readonly string[]) =>
    fixedLines(fixed, key, (hear) => {
      heard = hear;
      try {
        return make();
      } finally {
        heard = keep;
      }
    }, keep);
  const label = (p: PeerRef) => `\`${plain(p)}\``;
  // A table's rows name a workload by the contract's id (`shop/web[Deployment]`), as the why cell beside it and the
  // text output do; the headline, notes and grouped lines keep the short names (peer-label.ts).
  const rowLabel = (p: PeerRef) => (p.type === 'workload' ? `\`${p.workload.id}\`` : label(p));
  const concrete = report.pairs.filter((p) => !isAbstractPair(p));
  const out = linesUnder(stopPast);
  out.push(
    ...part('verdict', () => {
      const worst = FINDING_SEVERITIES.find((level) => listedFindings(report.findings).some((f) => f.severity === level));
      const [opened, closed] = [report.pairs.some((p) => p.opened), report.pairs.some((p) => p.closed)];
      const icon = report.counts.errors ? '❌' : report.counts.notAnalysed ? '⚠️' : opened ? '🔓' : closed ? '🔒' : worst === 'error' ? '❌' : worst === 'warning' || report.unmodelled.some((u) => u.count > 0) || unproven(report).reasons.length > 0 ? '⚠️' : '✅';
      const words = headline(report.highlights ?? [], plain);
      return [`### ${icon} ${options.title ?? 'reachdiff'}: ${options.verdict ?? verdict(report)}`, '', ...(words ? [words, ''] : [])];
    }),
  );
  out.push(...errorsMarkdown(report, refFmt, rowLimit));
  out.push(
    ...part('notes', () => {
      const notes: string[] = [];
      const incomplete = incompleteNote(report);
      if (incomplete) notes.push(`> ⚠️ ${incomplete}`, '');
      const unresolved = unresolvedNamedPortsNote(report, refFmt);
      if (unresolved) notes.push(`> ⚠️ ${unresolved}`, '');
      const peers = unresolvedPeersNote(report, refFmt);
      if (peers) notes.push(`> ⚠️ ${peers}`, '');
      // Paths of pods the change probably removes, not counted (assumed-gone.ts).
      if (report.assumedGone) notes.push(`> ⚠️ ${goneText(report.assumedGone, (items) => headline(items, plain))}`, '');
      if (report.createdNamespaces) notes.push(`> ℹ️ ${createdText(report.createdNamespaces, (items) => headline(items, plain))}`, '');
      // Changed policies no path shows: what their changed rules admit, and why no path changed (quiet-text.ts).
      notes.push(...quietMarkdown(report, refFmt, cell));
      const moved = movedNote(report.moved);
      if (moved) notes.push(`> ℹ️ ${moved}.`, '');
      return notes;
    }),
  );
  // Over several targets, the findings others hold too are listed once below the sections (findings/across-targets.ts).
  const { own, away } = ownFindings(listedFindings(report.findings), options.sharedFindings);
  out.push(...findingsMarkdown(own, Math.min(rowLimit, COMMENT_FINDINGS), options.link && ((ref) => options.link?.(ref, 'head')), undefined, idText));
  if (away) out.push(`_${sharedAwayText(away, 'below')}_`, '');
  if (withPicture) {
    const picture = pictureOnce(report, given, once);
    for (const [text, id] of picture.seen) shortened.set(text, id);
    out.push(picture.text);
  }
  let omitted = 0;
  const table = (title: string, pairs: ExplainedPair[], which: 'opened' | 'closed', note: string) => {
    if (pairs.length === 0) return;
    out.push(`#### ${title} (${pairs.length})`, '', note, '', '| source | destination | ' + (which === 'opened' ? 'newly allowed' : 'newly blocked') + ' | why |', '|---|---|---|---|');
    for (const p of pairs.slice(0, rowLimit)) {
      const why = (which === 'opened' ? p.whyOpened : p.whyClosed).map((r) => cell(reasonText(r, refFmt, idText))).join('<br>');
      out.push(`| ${cell(rowLabel(p.src))}${mark(p, 'src', report)} | ${cell(rowLabel(p.dst))}${mark(p, 'dst', report)} | ${cell(pairConns(p, which)!.toText())} | ${why} |`);
    }
    if (pairs.length > rowLimit) {
      omitted += pairs.length - rowLimit;
      out.push('', `_… and ${pairs.length - rowLimit} more not shown here._`);
    }
    out.push('');
  };
  // Destinations an isolation cause stands for are told as that cause (cause-sections.ts).
  out.push(
    ...part('summary', () => {
      const summary = summaryOnce(report, once);
      if (!summary.causes.length && !summary.tiers.length && !summary.groups.length) return [];
      const lines = [
        ...causeGroupLines(summary.causes, label, refFmt, summary.workloads).map((l) => `- ${cell(l)}`),
        ...summary.tiers.map((h) => `- ${cell(tierGroupLine(h, label))}`),
        ...summary.groups.map((g) => `- ${cell(g.kind === 'more' ? moreGroupsLine(g) : groupLine(g, (id) => `\`${idText(id)}\``, (r) => refFmt(r, g.change === 'opened' ? 'head' : 'base')))}`),
      ];
      return [`#### ${report.pairs.length} changed pairs, grouped`, '', ...lines, '', '_Every pair is listed below as room allows, in the check run and in `--format json`._', ''];
    }),
  );
  table('Opened paths', concrete.filter((p) => p.opened), 'opened', 'Traffic the head commit allows and the base did not: review each for risk.');
  table('Closed paths', concrete.filter((p) => p.closed), 'closed', 'Traffic the base allowed and the head commit blocks: check none of it is needed.');
  for (const which of ['opened', 'closed'] as const) {
    if (which === 'closed') out.push(...combinedLabelsMarkdown(report, label, refFmt, cell, lineLimit));
    const made = abstractOnce(report, which, once);
    const groups = made.groups;
    if (groups.length === 0) continue;
    // Its one line says what the headline says: the count and what these pods are, not the line again (new-user 46 #4).
    const told = headlineTells(made.sections, headline(report.highlights ?? [], plain), plain, plainRef);
    const each = told ? `${HEADLINE_TELLS}.` : 'one line per rule.';
    const note = which === 'opened' ? `Pods the repository does not hold (other repositories, operators, future pods) that the head commit lets through: ${each}` : `Pods the repository does not hold that the base let through and the head commit blocks: ${each}`;
    out.push(...part(`${which} title`, () => [`#### ${which === 'opened' ? 'Opened' : 'Closed'} with pods the manifests do not hold (${made.count})`, '', note, '']));
    if (told) continue;
    // A policy's isolation lapsing or starting: its sentence, its lines folded below it; lines count toward the row limit.
    let room = lineLimit;
    const left: AbstractGroup[] = [];
    // Namespaces' starts (lapses) share the row limit's policy lines apart (policy-line-shares.ts): a71f3ddae's 151 filled the comment.
    const namespaces = made.sections.filter((s) => s.cause?.namespaceIsolation);
    const shares = policyLineShares(namespaces.map((s) => s.cause!.namespaceIsolation!.policies.length), lineLimit);
    const shareOf = new Map(namespaces.map((s, k) => [s, shares[k]]));
    for (const [i, s] of made.sections.entries()) {
      const cause = s.cause;
      // A namespace's start (lapse) under several policies: its policies' lines stand for its label combinations' lines.
      if (cause?.namespaceIsolation) {
        out.push(
          ...part(`${which} section ${i}`, () => {
            const text = namespaceIsolationText(cause, label, refFmt, 0);
            return [`- ${cell(text.charAt(0).toUpperCase() + text.slice(1))} (${namespaceIsolationLeftOut(s.groups.length, (t) => `\`${t}\``)}):`];
          }),
        );
        const share = shareOf.get(s)!;
        out.push(...namespaceIsolationPolicyLines(cause, label, refFmt, share).map((l) => `  - ${cell(l)}`));
        const rest = cause.namespaceIsolation.policies.length - share;
        if (rest > 0) out.push(`  - _${share === 0 ? `Its ${plural(rest, 'policy', 'policies')} ${rest === 1 ? 'is' : 'are'}` : `… and ${plural(rest, 'more policy', 'more policies')}`} not shown here: see ${options.fullReportHint ?? 'the full report'}._`);
        continue;
      }
      const shown = s.groups.slice(0, Math.max(0, room));
      left.push(...s.groups.slice(shown.length));
      room -= shown.length;
      // Lines of one rule are one line (abstractRuleLines); a cause's stay one per label combination and peers.
      const lines = (cause ? shown.map((g) => abstractGroupLine(g, label, refFmt, undefined, idText)) : abstractRuleLines(shown, label, refFmt, undefined, idText)).map((l) => `- ${cell(l)}`);
      if (!cause) {
        out.push(...lines);
        continue;
      }
      out.push(
        ...part(`${which} section ${i}`, () => {
          const text = sectionCauseText(cause, label, refFmt, causeWorkloadsOf(report, cause));
          return [`- ${cell(text.charAt(0).toUpperCase() + text.slice(1))}`];
        }),
      );
      if (lines.length) out.push('', `  <details><summary>${s.groups.length === 1 ? 'Its line' : `Its ${s.groups.length} lines, one per label combination and peers`}</summary>`, '', ...lines.map((l) => `  ${l}`), '', '  </details>', '');
    }
    if (out[out.length - 1] === '') out.pop();
    if (left.length > 0) {
      omitted += abstractPathCount(left);
      out.push('', `_… and ${plural(left.length, 'line')} more not shown here._`);
    }
    out.push('');
  }
  if (shortened.size) out.push(fullNames(shortened));
  out.push(...part('workloads', () => workloadLists(report)));
  const rb = report.rollback;
  if (rb.documents.length) {
    out.push(...part('rollback', () => rollbackLines(report, refFmt)));
    if (options.patchAbove) out.push(`_${samePatchText(options.patchAbove)}_`, '');
    else if (withPatch) out.push(details(`Patch (<code>git apply</code> ${options.patchApplies ?? 'on the head commit'})`, '```diff\n' + rb.patch + '```'));
    else out.push('_The patch is too long for this comment._', '');
  } else if (rb.proposal || rb.notes.length) {
    out.push(...part('rollback', () => ['#### Rollback', '', ...rb.notes.map((n) => `> ${n}\n`), '']));
    if (rb.proposal && options.patchAbove) out.push(`_${samePatchText(options.patchAbove)}_`, '');
    else if (rb.proposal && withPatch) out.push(details(`Patch adding <code>${rb.proposal.file}</code> (<code>git apply</code> ${options.patchApplies ?? 'on the head commit'})`, '```diff\n' + rb.patch + '```'));
  }
  if (!options.omitWarnings) out.push(...warningsMarkdown(warningsApart(report), options.changedFiles, lineLimit));
  if (omitted > 0) out.push(`> ⚠️ Truncated: ${plural(omitted, 'path')} ${omitted === 1 ? 'is' : 'are'} not shown to stay under the size limit. See ${options.fullReportHint ?? 'the full report'}.`, '');
  return out.join('\n').replace(/\n+$/, '\n');
}

/** The workloads added and removed, and those renamed, each list in a fold. */
function workloadLists(report: DiffReport): string[] {
  const out: string[] = [];
  const { added, removed, renamed } = workloadChanges(report);
  if (added.length || removed.length) {
    const items = [...added.map((w) => `- added \`${w.id}\``), ...removed.map((w) => `- removed \`${w.id}\``)];
    out.push(details(`Workloads added (${added.length}) / removed (${removed.length})`, items.join('\n')));
  }
  if (renamed.length) {
    const items = renamed.map((r) => `- \`${r.from.id}\` → \`${r.to.id}\``);
    out.push(details(`Workloads renamed (${renamed.length}), the same pods: their paths compared as one`, items.join('\n')));
  }
  return out;
}

/** The rollback's heading and the documents to revert (the patch is a variant's: not here). */
function rollbackLines(report: DiffReport, refFmt: RefFormatter): string[] {
  const rb = report.rollback;
  // Files the revert leaves read by no build are deleted too, as tidying: not counted in the set (new-user trial 45, finding 8).
  const parts = rollbackParts(rb);
  const docs = rollbackSteps(rb).map((step) => {
    // A renamed namespace is one step, each object at head's line (a pair in two files: base's too).
    if ('rename' in step) return `- ${renameStepText(step, (d) => rollbackStepName(d, undefined, d.head!.file), ({ removed, added }) => { const at = refFmt({ file: added.head!.file, line: documentLine(added.head!) }, 'head'); return removed.base!.file === added.head!.file ? at : `moved from ${refFmt({ file: removed.base!.file, line: documentLine(removed.base!) }, 'base')} to ${at}`; })}`;
    const d = step.document;
    const at = d.head ? refFmt({ file: d.head.file, line: documentLine(d.head) }, 'head') : refFmt({ file: d.base!.file, line: documentLine(d.base!) }, 'base');
    const from = movedFrom(d);
    return `- ${rollbackVerb(d.change)} ${rollbackStepName(d, undefined, (d.head ?? d.base)!.file)} (${from ? `moved from ${refFmt(from, 'base')} to ${at}` : at})${parts.isTidying(d) ? ` (${TIDYING_MARK})` : ''}`;
  });
  const how = rb.minimality === 'proven' ? 'the smallest set' : 'a set with nothing superfluous; the search was bounded';
  // Label-combination openings are no rollback target (analysis/combined-labels.ts): said so.
  const closes = `closes ${rollbackCloses(rb, report.counts.combinedLabels)}`;
  const reverting = parts.tidying ? plural(parts.needed, 'document') : rb.documents.length === 1 ? 'this document' : `these ${rb.documents.length} documents`;
  const tidy = parts.tidying ? `; deleting ${plural(parts.tidying, 'more document')}, which no build reads once ${parts.needed === 1 ? 'it is' : 'they are'} reverted, is tidying` : '';
  const text = [`Reverting ${reverting} ${closes} (${how})${tidy}:`, '', ...docs, ...rb.notes.map((n) => `\n> ${n}`)];
  return ['#### Rollback', '', ...text, ''];
}

/** The warnings block: the new ones (wherever they are written), then the others about changed files, each in a fold; the rest as one count line. */
export function warningsMarkdown(warnings: SidedWarnings, changedFiles: ReadonlySet<string> | undefined, rowLimit = Infinity): string[] {
  const { fresh, listed, preExisting } = warningLines(warnings, changedFiles);
  const out: string[] = [];
  const fold = (title: string, lines: readonly string[]) => {
    const shown = lines.slice(0, rowLimit);
    const more = lines.length - shown.length;
    out.push(details(`${title} (${lines.length})`, shown.map((w) => `- ${cell(w)}`).join('\n') + (more > 0 ? `\n- … and ${more} more` : '')));
  };
  if (fresh.length) fold(NEW_WARNINGS, fresh);
  if (listed.length) fold(otherWarnings(fresh.length > 0, changedFiles), listed);
  if (preExisting) out.push(`_${preExistingLine(preExisting, 'listed in the check run and in `--format json`')}_`, '');
  return out;
}

/** ` _(added)_`: an end added or removed; ` _(uses hostNetwork: …)_`: an end whose pods use hostNetwork (host-network-mark.ts). */
function mark(p: ExplainedPair, end: 'src' | 'dst', report: Pick<DiffReport, 'hostNetwork'>): string {
  const c = p.peerChanges[end];
  const host = hostNetworkEnds(report, p).includes(end);
  const notes = [...(c ? [c] : []), ...(host ? [HOST_NETWORK_CAVEAT] : [])];
  return notes.length ? ` _(${notes.join(', ')})_` : '';
}

/** Names shortened in the comment listed whole, in a fold (a few; `--format json` has every id). */
const FULL_NAMES = 20;

export function fullNames(shortened: ReadonlyMap<string, string>): string {
  const shown = [...shortened].slice(0, FULL_NAMES).map(([text, id]) => `- \`${text}\` is \`${id}\``);
  const more = shortened.size - shown.length;
  const body = shown.join('\n') + (more > 0 ? `\n- … and ${more} more: every id is in \`--format json\`` : '');
  return details(`Full names of the ${plural(shortened.size, 'shortened name')} above`, body);
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>\n`;
}

/** Characters a table row or an abstract line takes at least (`- ` or `| ` and a peer in backticks, a line end). */
const MIN_ROW_CHARS = 8;

/** The table rows `render` writes at `rowLimit`: min(limit, pairs) of the opened and of the closed paths between workloads. */
function tableRows(report: DiffReport, rowLimit: number): number {
  return (['opened', 'closed'] as const).reduce((n, which) => n + Math.min(rowLimit, report.pairs.filter((p) => p[which] && !isAbstractPair(p)).length), 0);
}

/**
 * A lower bound of `render`'s length at `rowLimit` table rows and `lineLimit` other lines: the rows it certainly
 * writes. Each table writes min(rowLimit, its pairs) rows; the lines of pods the manifests do not hold, of each
 * change, min(lineLimit, the groups of sections other than a namespace's isolation) at least: every row of room
 * spent is a line written (a namespace's isolation lists its policies' lines apart: policy-line-shares.ts).
 */
export function fewestChars(report: DiffReport, rowLimit: number, once: RenderedOnce = renderedOnce(report, undefined), lineLimit = rowLimit): number {
  let rows = 0;
  for (const which of ['opened', 'closed'] as const) {
    rows += Math.min(rowLimit, report.pairs.filter((p) => p[which] && !isAbstractPair(p)).length);
    const made = abstractOnce(report, which, once);
    rows += Math.min(lineLimit, made.sections.filter((s) => !s.cause?.namespaceIsolation).reduce((n, s) => n + s.groups.length, 0));
  }
  return rows * MIN_ROW_CHARS;
}
