/**
 * Label-combination openings in text and Markdown (analysis/combined-labels.ts): the other sections read the
 * report without them (`combinedLabelsView`), and a short section of their own follows the other opened paths,
 * one line per rule as for any pods the manifests do not hold, under one sentence that says why they are apart.
 */
import type { DiffReport, ExplainedPair, WiderPair } from '../analysis/types.js';
import { combinedOpenings, withoutCombinedOpenings } from '../analysis/combined-labels.js';
import { plural } from '../util/plural.js';
import type { AbstractGroup } from './abstract-groups.js';
import { abstractGroupLine, abstractPathCount, reportAbstractGroups } from './abstract-groups.js';
import type { PeerLabel } from './peer-label.js';
import type { RefFormatter } from './reason-text.js';

/** Views made, each with the openings it leaves out: the same view for the same report (renderers memoise by report). */
const views = new WeakMap<DiffReport, DiffReport>();
const apartOf = new WeakMap<DiffReport, readonly ExplainedPair[]>();
const widerApartOf = new WeakMap<DiffReport, readonly WiderPair[]>();

/**
 * The report as the sections other than the label combinations' read it: its pairs without those openings (a
 * pair that also closes keeps its closing). The very report when it has none; a view is its own view.
 */
export function combinedLabelsView(report: DiffReport): DiffReport {
  if (!report.counts.combinedLabels || apartOf.has(report)) return report;
  let view = views.get(report);
  if (!view) {
    // Workloads' pairs read through a wider region (`widerRegions`) likewise: theirs is the section's reading too.
    view = { ...report, pairs: withoutCombinedOpenings(report.pairs), ...(report.widerRegions ? { widerRegions: withoutCombinedOpenings(report.widerRegions) } : {}) };
    views.set(report, view);
    apartOf.set(view, combinedOpenings(report.pairs));
    widerApartOf.set(view, combinedOpenings(report.widerRegions ?? []));
  }
  return view;
}

/** The label-combination openings a view left out (none for another report). */
export function combinedApart(view: DiffReport): readonly ExplainedPair[] {
  return apartOf.get(view) ?? [];
}

/** Why the section is apart, in one sentence. */
export const COMBINED_LABELS_WHY =
  'These paths open only for pods that would carry the labels of several policies at once, which no workload here carries; pods with fewer of those labels have them before and after the change, so `--fail-on opened` does not count them (`--fail-on combined-labels` does) and the rollback leaves them.';

/** The section's lines, one per rule (abstract-groups.ts). */
export function combinedLabelGroups(view: DiffReport): AbstractGroup[] {
  const apart = combinedApart(view);
  return apart.length ? reportAbstractGroups({ pairs: apart, widerRegions: widerApartOf.get(view) ?? [] }, 'opened') : [];
}

/** The text section: title with its count, the sentence, then a line per rule. None without such openings. */
export function combinedLabelsText(view: DiffReport, label: PeerLabel, fmt: RefFormatter): string[] {
  const groups = combinedLabelGroups(view);
  if (groups.length === 0) return [];
  return [`Opened only for label combinations (${plural(abstractPathCount(groups), 'path')}):`, `  ${COMBINED_LABELS_WHY.replace(/`/g, '')}`, ...groups.map((g) => `  ${abstractGroupLine(g, label, fmt, Infinity)}`), ''];
}

/**
 * `2 paths opened only for label combinations` / `3 paths opened (2 of them only for label combinations)`: the
 * verdict's count of opened paths with how many of them are label-combination openings.
 */
export function openedClause(opened: number, combined: number | undefined): string {
  const paths = `${plural(opened, 'path')} opened`;
  if (!combined) return paths;
  return combined >= opened ? `${paths} only for label combinations` : `${paths} (${combined} of them only for label combinations)`;
}

/**
 * The Markdown section: heading with its count, the sentence, then up to `limit` lines (the rest counted), as a
 * list whose items `cell` makes safe. None without such openings.
 */
export function combinedLabelsMarkdown(view: DiffReport, label: PeerLabel, fmt: RefFormatter, cell: (text: string) => string, limit: number): string[] {
  const groups = combinedLabelGroups(view);
  if (groups.length === 0) return [];
  const shown = groups.slice(0, Math.max(0, limit));
  const more = groups.length - shown.length;
  return [
    `#### Opened only for label combinations (${abstractPathCount(groups)})`,
    '',
    COMBINED_LABELS_WHY,
    '',
    ...shown.map((g) => `- ${cell(abstractGroupLine(g, label, fmt))}`),
    ...(more > 0 ? ['', `_… and ${plural(more, 'line')} more not shown here._`] : []),
    '',
  ];
}
