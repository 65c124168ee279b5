/**
 * The `reachdiff` check run, as data: conclusion by `failOn`, a title with the counts, the summary and
 * text (each under GitHub's 65,535), annotations on the head lines of the rules responsible, and the
 * "Suggest rollback" button. Pure: the GitHub layer only sends it.
 */
import { rollbackCloses, rollbackParts } from './document-step.js';
import { wholeTargetText } from './errors-section.js';
import type { DiffReport, ExplainedPair } from '../analysis/types.js';
import type { PeerRef, Reason } from '../engine/index.js';
import { pairConns } from '../engine/index.js';
import { elsewhereReason, podAddressReason } from './quiet-text.js';
import { unproven, unresolvedPeersNote } from './unproven.js';
import { foldClause } from './assumed-fold.js';
import { goneClause } from './assumed-gone.js';
import { createdClause } from './created-namespaces.js';
import { headline } from './headline.js';
import { displayPeer, peerLabels } from './peer-label.js';
import { withPodsText } from './pods-text.js';
import { reportTelling } from './telling-names.js';
import { FINDING_RULES } from '../findings/catalogue.js';
import type { FailLevel } from '../findings/fail-level.js';
import { failingFindings } from '../findings/fail-level.js';
import { listedFindings } from './findings.js';
import type { DiffFinding, Finding } from '../findings/types.js';
import { andList } from '../util/and-list.js';
import type { FailCounts, FailOn } from './verdict.js';
import { failOnText, fails, notAnalysedChangesClause, notAnalysedClause, verdict } from './verdict.js';
import { plural } from '../util/plural.js';
import { positionKey } from '../util/once.js';
import { copyGroups } from './copy-warnings.js';
import { rejectedTitle } from './rejected-by.js';
import { pathText } from '../util/path-arrow.js';

export type { FailOn } from './verdict.js';
export type Conclusion = 'success' | 'neutral' | 'failure' | 'skipped';
export type AnnotationLevel = 'notice' | 'warning' | 'failure';

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly annotation_level: AnnotationLevel;
  readonly title: string;
  readonly message: string;
}

export interface CheckAction {
  readonly label: string;
  readonly description: string;
  readonly identifier: string;
}

export interface CheckRunResult {
  readonly conclusion: Conclusion;
  readonly title: string;
  readonly summary: string;
  readonly text: string;
  readonly annotations: readonly Annotation[];
  readonly actions: readonly CheckAction[];
}

export const CHECK_NAME = 'reachdiff';
/** GitHub's limit on `output.summary` and on `output.text`. */
export const CHECK_TEXT_LIMIT = 65535;
/** GitHub's limit on annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** The button's identifier: ≤ 20 characters, as GitHub requires. */
export const ROLLBACK_ACTION: CheckAction = { label: 'Suggest rollback', description: 'Review with one-click revert suggestions', identifier: 'suggest-rollback' };

export interface CheckRunOptions {
  readonly failOn: FailOn;
  readonly otherChanges: 'neutral' | 'success';
  readonly rollbackButton: boolean;
  /** The full Markdown report (already under CHECK_TEXT_LIMIT). */
  readonly text: string;
  readonly peerLabel?: (p: PeerRef) => string;
  /** New findings at or above this severity fail the run (default: error). */
  readonly failLevel?: FailLevel;
  /**
   * When some of the report's paths and errors never fail the run (`counts.notFailing`): the head lines
   * (`file:line`) whose other paths may, and the errors (`positionKey`) that may; annotations elsewhere are warnings.
   */
  readonly counted?: { readonly lines: ReadonlySet<string>; readonly errors: ReadonlySet<string> };
}

export function conclusionFor(counts: FailCounts, failOn: FailOn, otherChanges: 'neutral' | 'success'): Conclusion {
  if (fails(counts, failOn)) return 'failure';
  return counts.opened + counts.closed + (counts.errors ?? 0) + (counts.notAnalysed ?? 0) + (counts.notAnalysedChanges ?? 0) > 0 ? otherChanges : 'success';
}

/** The conclusion by paths, errors and new findings alone, before what is not analysed or not proven keeps it from `success`. */
export function decidedConclusion(report: Pick<DiffReport, 'counts' | 'findings'>, options: Pick<CheckRunOptions, 'failOn' | 'otherChanges' | 'failLevel'>): Conclusion {
  const fresh = listedFindings(report.findings).filter((f) => f.new);
  const failing = failingFindings(fresh, options.failLevel ?? 'error');
  const byPaths = conclusionFor(report.counts, options.failOn, options.otherChanges);
  return failing.length > 0 ? 'failure' : byPaths === 'success' && fresh.length > 0 ? options.otherChanges : byPaths;
}

export function checkRunResult(report: DiffReport, options: CheckRunOptions): CheckRunResult {
  const failLevel = options.failLevel ?? 'error';
  const fresh = listedFindings(report.findings).filter((f) => f.new);
  const decided = decidedConclusion(report, options);
  // A change to a policy reachdiff does not model: it cannot say what the change does, so never `success`.
  const blind = report.unmodelled.filter((u) => u.changed > 0);
  // Likewise when the pull request changes policies and the analysis of pods the manifests do not hold was cut short: "no change" is not proven.
  const { incomplete, unresolved, incompleteMatters, reasons } = unproven(report);
  const unprovenChange = reasons.length > 0;
  // A changed build that fails on head as on base does not fail the run, but its change is not analysed either: never `success`.
  const conclusion = (blind.length || unprovenChange || report.counts.notAnalysed) && decided === 'success' ? 'neutral' : decided;
  const { opened, closed, errors, notAnalysed } = report.counts;
  // A "no change" resting on a fold says the other reading (assumed-fold.ts), as the verdict does.
  // Paths of pods the change probably removes, not counted: the other reading too (assumed-gone.ts).
  const gone = `${report.assumedGone ? `; ${goneClause(report.assumedGone)}` : ''}${report.createdNamespaces ? `; ${createdClause(report.createdNamespaces)}` : ''}`;
  const counted = `${opened + closed === 0 ? `No change in allowed connectivity${report.assumedFold ? ` ${foldClause(report.assumedFold)}` : ''}` : `${opened} opened, ${closed} closed`}${gone}`;
  // A changed policy whose paths a bound may have left out (none reported) is said first, as a build not analysed is.
  const uncut = report.counts.notAnalysedChanges ? notAnalysedChangesClause(report) : '';
  const paths = notAnalysed || uncut
    ? `${[notAnalysed ? notAnalysedClause(report.counts) : '', uncut].filter(Boolean).join(', ')}, ${errors ? `${plural(errors, 'error')}, ` : ''}${opened} opened, ${closed} closed`
    : errors ? `${plural(errors, 'error')}, ${opened} opened, ${closed} closed` : counted;
  const title = fresh.length ? `${paths}, ${plural(fresh.length, 'new finding')}` : paths;
  // The same first words as the comment: what matters, most severe first.
  const words = headline(report.highlights ?? [], withPodsText(options.peerLabel ?? peerLabels(report.workloads ?? []), undefined, reportTelling(report)));
  const lines = [`**${verdict(report)}**`, '', ...(words ? [words, ''] : []), `Fails on: \`${failOnText(options.failOn)}\` and new findings of severity ${failLevel === 'never' ? '(none)' : `≥ ${failLevel}`} → **${conclusion}**.`];
  if (blind.length) lines.push('', `This pull request changes ${blind.map((u) => plural(u.changed, u.label, u.plural)).join(', ')}, which reachdiff does not model: what that change allows or denies is not analysed, so the check is not \`success\`.`);
  if (report.counts.notAnalysedOnBase && conclusion !== 'failure') lines.push('', `⚠️ ${plural(report.counts.notAnalysedOnBase, 'changed build')} not analysed ${report.counts.notAnalysedOnBase === 1 ? 'fails' : 'fail'} the same way on base: older than this pull request, ${report.counts.notAnalysedOnBase === 1 ? 'it does' : 'they do'} not fail the check, but what the change does there is not analysed, so the check is not \`success\`.`);
  if (unresolved) lines.push('', `⚠️ ${unresolved}${decided === 'success' ? ' So the check is not `success`.' : ''}`);
  const peers = unresolvedPeersNote(report);
  if (peers) lines.push('', `⚠️ ${peers}${decided === 'success' ? ' So the check is not `success`.' : ''}`);
  const away = elsewhereReason(report);
  if (away) lines.push('', `⚠️ No path changes here, but ${away}: they may open or close a path in the cluster.${decided === 'success' ? ' So the check is not `success`.' : ''}`);
  const byAddress = podAddressReason(report);
  if (byAddress) lines.push('', `⚠️ No path changes here, but ${byAddress}: on a network plugin that matches pods by address (Calico) the change may open or close a path.${decided === 'success' ? ' So the check is not `success`.' : ''}`);
  if (incomplete) lines.push('', `⚠️ ${incomplete}${incompleteMatters && decided === 'success' ? ' This pull request changes policies or namespaces, so the check is not `success`.' : ''}`);
  if (report.rollback.documents.length) {
    const how = options.rollbackButton ? ' Use **Suggest rollback** above for one-click suggestions.' : '';
    lines.push('', `Reverting ${plural(rollbackParts(report.rollback).needed, 'document')} closes ${rollbackCloses(report.rollback, report.counts.combinedLabels)}.${how}`);
  } else if (report.rollback.proposal) {
    lines.push('', `Every opened path comes from new workloads that no policy isolates: adding \`${report.rollback.proposal.file}\` (a default-deny policy; patch in the report) closes them.`);
  }
  const actions = options.rollbackButton && report.rollback.documents.length ? [ROLLBACK_ACTION] : [];
  return { conclusion, title, summary: clip(lines.join('\n')), text: clip(options.text), annotations: [...findingAnnotations(fresh, failLevel), ...annotationsFor(report, options)], actions };
}

/** A head line responsible for paths (`file:line` keyed), with the paths it opens and closes as the annotation says them. */
export interface ResponsibleLine {
  readonly path: string;
  readonly line: number;
  readonly opened: string[];
  readonly closed: string[];
  /** Label-combination openings (analysis/combined-labels.ts) it is responsible for, apart from `opened`. */
  readonly combinedLabels: string[];
}

/** The head lines (allowing or isolating rules) responsible for the report's opened and closed pairs, by `file:line`. */
export function responsibleLines(report: Pick<DiffReport, 'pairs'>, peerLabel?: (p: PeerRef) => string): Map<string, ResponsibleLine> {
  const byLine = new Map<string, ResponsibleLine>();
  const label = withPodsText((p: PeerRef) => peerLabel?.(p) ?? displayPeer(p), undefined, reportTelling(report));
  const add = (pair: ExplainedPair, which: 'opened' | 'closed', reasons: readonly Reason[]) => {
    for (const reason of reasons) {
      // A `$patch: delete` the change adds answers for the paths the deleted policy no longer decides.
      const deleted = (reason.kind === 'isolated-by' || reason.kind === 'policy-absent') && reason.deletion?.side === 'head' ? reason.deletion.ref : undefined;
      const r = deleted ? { kind: 'isolated-by' as const, side: 'head' as const, ref: deleted } : reason;
      if ((r.kind !== 'allowed-by-rule' && r.kind !== 'isolated-by' && r.kind !== 'rule-differs' && r.kind !== 'tier-rule' && r.kind !== 'labels-changed' && r.kind !== 'ports-changed') || r.side !== 'head') continue;
      const key = `${r.ref.file}:${r.ref.line}`;
      const entry = byLine.get(key) ?? { path: r.ref.file, line: r.ref.line, opened: [], closed: [], combinedLabels: [] };
      byLine.set(key, entry);
      const text = `${pathText(label(pair.src), label(pair.dst))}: ${pairConns(pair, which)!.toText()}`;
      const list = which === 'opened' && pair.combinedLabels ? entry.combinedLabels : entry[which];
      if (!list.includes(text)) list.push(text);
    }
  };
  for (const pair of report.pairs) {
    if (pair.opened) add(pair, 'opened', pair.whyOpened);
    if (pair.closed) add(pair, 'closed', pair.whyClosed);
  }
  return byLine;
}

/**
 * One annotation per responsible head line, listing every path it opens or closes; a `failure` where what
 * it changes fails the run, else a `warning`. `options.counted`: only those lines and errors (`positionKey`) can
 * be failures (the others' paths and errors never fail the run: targets-check-run.ts).
 */
export function annotationsFor(report: DiffReport, options: Pick<CheckRunOptions, 'failOn' | 'peerLabel' | 'counted'>): Annotation[] {
  const counted = options.counted;
  const paths = [...responsibleLines(report, options.peerLabel).values()].map((e) => {
      const parts = [...e.opened.map((t) => `opens ${t}`), ...e.closed.map((t) => `closes ${t}`), ...e.combinedLabels.map((t) => `opens, only for a label combination, ${t}`)];
      // A line is a failure where the paths it changes are of the kind that fails the run.
      const failing = fails({ opened: e.opened.length + e.combinedLabels.length, combinedLabels: e.combinedLabels.length, closed: e.closed.length }, options.failOn) && (!counted || counted.lines.has(`${e.path}:${e.line}`));
      const title = [e.opened.length ? `Opens ${plural(e.opened.length, 'path')}` : '', e.closed.length ? `closes ${plural(e.closed.length, 'path')}` : '', e.combinedLabels.length ? `opens ${plural(e.combinedLabels.length, 'path')} only for label combinations` : ''].filter(Boolean).join(', ');
      return {
        path: e.path,
        start_line: e.line,
        end_line: e.line,
        annotation_level: failing ? 'failure' : 'warning',
        title: title.charAt(0).toUpperCase() + title.slice(1),
        message: clip(parts.join('\n'), 60000),
      } satisfies Annotation;
    });
  const failing = fails({ opened: 0, closed: 0, errors: 1 }, options.failOn);
  // The copies of one object rejected at one line: one annotation naming them (copy-warnings.ts), a failure when any copy's error may fail the run.
  const errors = copyGroups(report.errors.introduced).map(
    ({ first: d, all, message }): Annotation => ({ path: d.ref.file, start_line: d.ref.line, end_line: d.ref.line, annotation_level: failing && (!counted || all.some((c) => counted.errors.has(positionKey(c)))) ? 'failure' : 'warning', title: rejectedTitle(d), message: clip(`${message} [${d.code}]`, 60000) }),
  );
  // A changed build failing on head: at the failure (never a silent pass); a `failure` only where base's build did not fail so.
  const blind = fails({ opened: 0, closed: 0, notAnalysed: 1 }, options.failOn);
  const notAnalysed = (report.notAnalysed ?? []).map(
    (n): Annotation => ({
      path: n.error.ref.file,
      start_line: n.error.ref.line,
      end_line: n.error.ref.line,
      annotation_level: blind && !n.alsoOnBase ? 'failure' : 'warning',
      title: n.alsoOnBase ? 'Not analysed: this build fails on head, as on base' : 'Not analysed: this build fails on head',
      message: clip(`${n.error.message} [${n.error.code}] (changed here: ${n.changedFiles.join(', ')}${wholeTargetText(n)})`, 60000),
    }),
  );
  return [...errors, ...notAnalysed, ...paths].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start_line - b.start_line));
}

const LEVEL: Record<Finding['severity'], AnnotationLevel> = { error: 'failure', warning: 'warning', notice: 'notice' };

/** One annotation per finding, at its line; a finding that fails the run is a `failure` whatever its severity. */
export function findingAnnotations(findings: readonly (Finding | DiffFinding)[], failLevel: FailLevel): Annotation[] {
  const failing = new Set(failingFindings(findings, failLevel));
  return findings.map((f) => ({
    path: f.ref.file,
    start_line: f.ref.line,
    end_line: f.ref.line,
    annotation_level: failing.has(f) ? 'failure' : LEVEL[f.severity],
    title: `${FINDING_RULES[f.code].title} [${f.code}]`,
    // A finding several targets hold (a file they all build) is one annotation naming them (findings/across-targets.ts).
    message: clip(`${f.message}${'targets' in f && f.targets?.length ? `\nIn targets: ${andList([...f.targets])}` : ''}\nFix: ${f.fix}`, 60000),
  }));
}

/** Splits annotations into GitHub-sized requests. */
export function annotationBatches<T>(annotations: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  return batches;
}

export function clip(text: string, max = CHECK_TEXT_LIMIT): string {
  if (text.length <= max) return text;
  const note = '\n\n> ⚠️ Truncated to fit GitHub\'s limit.\n';
  return text.slice(0, max - note.length) + note;
}
