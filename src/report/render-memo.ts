/**
 * What a report's Markdown renders make alike, made once: at every row limit and variant the comment tries
 * (diff-markdown.ts, up to 27 renders of a report too large for it) and in both texts of a pull request
 * (pr-report.ts: the comment and the check run's text, each tried whole and then within its limit). A report
 * of 150,000 region pairs (bjw-s/home-ops a71f3ddae) grouped its abstract pairs once per text and attempt,
 * about 15 s of CPU and a few hundred MB each time.
 */
import type { DiffReport } from '../analysis/types.js';
import { peerId } from '../engine/index.js';
import { abstractSectionCount, reportAbstractGroups } from './abstract-groups.js';
import type { AbstractGroup } from './abstract-groups.js';
import { causeSections, groupsWithCauses } from './cause-sections.js';
import type { CauseSection } from './cause-sections.js';
import { changePicture } from './comment-picture.js';
import { shownPairGroups } from './pair-groups.js';
import type { PeerLabel } from './peer-label.js';
import { isSummaryName, withPodsText } from './pods-text.js';
import { reportTelling } from './telling-names.js';

/** One change's lines of pods the manifests do not hold: the groups (abstract-groups.ts), under their causes, and the count in the section's title. */
export interface AbstractMade {
  readonly groups: readonly AbstractGroup[];
  readonly sections: readonly CauseSection[];
  /** The section title's count (`abstractSectionCount`); empty when there are no groups. */
  readonly count: string;
}

/** The picture of the change as drawn with `label`, and the short names of pods it used (`[text, id]`, in order). */
export interface PictureMade {
  readonly label: PeerLabel;
  readonly text: string;
  readonly seen: readonly (readonly [string, string])[];
}

/** What one report's renders share; nothing in it depends on a row limit, a budget, links or warnings. */
export interface RenderedOnce {
  readonly abstract: Map<'opened' | 'closed', AbstractMade>;
  summary?: ReturnType<typeof groupsWithCauses>;
  /** The last picture made, kept for renders with the same labeller (the comment's; the check run's text draws none). */
  picture?: PictureMade;
}

/**
 * Per report, what its renders share. A caller rendering one report several times (the comment, then the
 * check run's text) passes one memo to each (`MarkdownOptions.memo`); reports are keyed by identity and
 * must not change in between.
 */
export type RenderMemo = WeakMap<DiffReport, RenderedOnce>;

export function renderMemo(): RenderMemo {
  return new WeakMap();
}

/** `report`'s entry in `memo` (made empty on first use); a fresh entry when there is no memo. */
export function renderedOnce(report: DiffReport, memo: RenderMemo | undefined): RenderedOnce {
  let once = memo?.get(report);
  if (once === undefined) {
    once = { abstract: new Map() };
    memo?.set(report, once);
  }
  return once;
}

/** The report's abstract groups of `which`, their cause sections and section count, made once per report. */
export function abstractOnce(report: DiffReport, which: 'opened' | 'closed', once: RenderedOnce): AbstractMade {
  let made = once.abstract.get(which);
  if (made === undefined) {
    const groups = reportAbstractGroups(report, which);
    made = { groups, sections: groups.length === 0 ? [] : causeSections(groups, report.isolationCauses), count: groups.length === 0 ? '' : abstractSectionCount(groups, report, which) };
    once.abstract.set(which, made);
  }
  return made;
}

/** The summary groups under their causes (cause-sections.ts `groupsWithCauses`), made once per report. */
export function summaryOnce(report: DiffReport, once: RenderedOnce): NonNullable<RenderedOnce['summary']> {
  return (once.summary ??= groupsWithCauses(report, shownPairGroups(report.pairs)));
}

/** The picture of the change with `label` (comment-picture.ts), made again only for another labeller. */
export function pictureOnce(report: DiffReport, label: PeerLabel, once: RenderedOnce): PictureMade {
  if (once.picture?.label === label) return once.picture;
  const seen: [string, string][] = [];
  const plain = withPodsText(label, (text, p) => {
    if (isSummaryName(text)) seen.push([text, peerId(p)]);
  }, reportTelling(report));
  once.picture = { label, text: changePicture(report, plain, undefined, (which) => abstractOnce(report, which, once).groups), seen };
  return once.picture;
}
