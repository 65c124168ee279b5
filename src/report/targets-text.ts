/** `reachdiff diff` text over targets: one target as before; several as a headline, then one section per changed target. */
import type { TargetsReport } from '../targets/analyze-targets.js';
import type { TextOptions } from './diff-text.js';
import { diffText, findingsText, fullNamesText, warningsText } from './diff-text.js';
import { sharedFindingNames, tellTogether } from './telling-names.js';
import { SHARED_FINDINGS_TITLE, targetsSharedFindings } from './findings.js';
import { counterpartNotes } from './counterpart-notes.js';
import { notesForPeople } from './grouped-notes.js';
import { foldNotes } from './fold-notes.js';
import { renamedNotes } from './renamed-notes.js';
import { warningsApartOf } from './errors-section.js';
import { alikeText, sameSections, targetLabel } from './same-sections.js';
import { alternativesHow, hasSection, notAnalysed, onTargetsLine, notAnalysedNotices, targetsHeadline, unanalysedInputs, underFirstLine } from './targets-markdown.js';
import { membersClause } from './target-members.js';
import { quietText } from './quiet-text.js';
import { noticePlace } from './notice-place.js';
import { patchShownAbove } from './document-step.js';

export function targetsText(report: TargetsReport, options: TextOptions = {}): string {
  const how = alternativesHow(report);
  // Changed files no build reads are in no verdict: said under it (notAnalysedNotices), not among the notes at the end.
  // So is what a target paired across a move rests on (fold-notes.ts).
  // And what a new or removed target was compared with (counterpart-notes.ts).
  const blind = [...notAnalysedNotices(report), ...foldNotes(report), ...counterpartNotes(report)].map((m) => `Note: ${m}.`);
  const notes = notesForPeople(report.notices.filter((n) => !notAnalysed(n) && !onTargetsLine(n)));
  const lines = [...(how ? [how] : []), ...notes.map((n) => `note: ${n.message}${noticePlace(n)}`)];
  const footer = lines.length ? '\n' + lines.join('\n') + '\n' : '';
  // A "no change" with changed inputs not analysed names them (unanalysedInputs), as every format's headline does.
  // One name, one pod, in every section, the shared findings and the picture (telling-names.ts).
  tellTogether(report.targets.map((t) => t.report));
  if (report.targets.length === 1) return underFirstLine(diffText(report.targets[0].report, { ...options, ...(unanalysedInputs(report) ? { verdict: targetsHeadline(report) } : {}) }), blind) + footer;
  // Renames in targets without a section of their own (renamed-notes.ts).
  const renamed = renamedNotes(report.targets, hasSection);
  // Changed policies no path shows, in targets without a section of their own (a section says its own: diffText).
  const quiet = quietText({ quietChanges: report.targets.filter((t) => !hasSection(t)).flatMap((t) => t.report.quietChanges ?? []) });
  const out = [targetsHeadline(report), '', ...(blind.length ? [...blind, ''] : []), ...(renamed.length ? [...renamed, ''] : []), ...quiet];
  // Findings of a file several targets build: once, after the sections, naming the targets (fresh-user trial 27).
  const shared = targetsSharedFindings(report.targets);
  // Targets whose sections would say the same are one section (same-sections.ts).
  // A rollback patch several sections share is printed once, in the first: applied twice, the second apply fails.
  const shownAbove = patchShownAbove();
  for (const { target: t, alike } of sameSections(report.targets.filter(hasSection))) {
    const patchAbove = shownAbove(t.report.rollback.patch, targetLabel(t));
    const section = diffText(t.report, { ...options, omitWarnings: true, sharedFindings: shared.keys, ...(patchAbove ? { patchAbove } : {}) });
    out.push(`== ${targetLabel(t)}${membersClause(t, report.changedFiles)}${alike.length ? ` and ${alike.length} more with the same changes` : ''} ==`, alike.length ? underFirstLine(section, [`${alikeText(alike)}.`]) : section);
  }
  // The pods its findings point to named as the sections name them, those shortened listed in full (ux47).
  const names = sharedFindingNames(report.targets.map((t) => t.report));
  out.push(...findingsText(shared.findings, SHARED_FINDINGS_TITLE, shared.where, names.name));
  if (names.shortened.size) out.push(...fullNamesText(names.shortened), '');
  // The errors each target's section lists are not listed again among the warnings (errors-section.ts).
  out.push(...warningsText(warningsApartOf(report.combined, report.targets.filter(hasSection).map((t) => t.report)), options.changedFiles));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').replace(/\n*$/, '\n') + footer;
}
