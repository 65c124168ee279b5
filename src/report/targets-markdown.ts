/**
 * The PR comment (and `diff --format md`) over targets. One target: its report as before, then how
 * targets were chosen and any notices. Several: a headline per target ("staging: 1 path opened; prod:
 * no change"), then a section for each target with changes, then the warnings once for all.
 */
import { sentence } from '../util/sentence.js';
import type { TargetResult, TargetsReport } from '../targets/analyze-targets.js';
import type { Notice } from '../targets/types.js';
import type { MarkdownOptions } from './diff-markdown.js';
import { fewestChars, fullNames, renderDiffMarkdown, warningsMarkdown } from './diff-markdown.js';
import { sharedFindingNames, tellTogether } from './telling-names.js';
import type { RenderMemo } from './render-memo.js';
import { renderedOnce } from './render-memo.js';
import { foldClause } from './assumed-fold.js';
import { counterpartNotes } from './counterpart-notes.js';
import { foldNoteItems } from './fold-notes.js';
import { renamedNotes } from './renamed-notes.js';
import { cell } from './list-formats.js';
import { warningsApartOf } from './errors-section.js';
import { alikeText, sameSections, targetLabel } from './same-sections.js';
import { foldReason, unproven } from './unproven.js';
import { goneClause, goneReason, goneRemainder } from './assumed-gone.js';
import { verdict, verdictClause } from './verdict.js';
import { plural } from '../util/plural.js';
import { andList, firstAndMore, namedItems } from '../util/and-list.js';
import { COMMENT_FINDINGS, findingsMarkdown, listedFindings, SHARED_FINDINGS_TITLE, targetsSharedFindings } from './findings.js';
import { notesForPeople } from './grouped-notes.js';
import { membersClause } from './target-members.js';
import { quietMarkdown } from './quiet-text.js';
import { noticeAt, noticePlace } from './notice-place.js';
import { patchShownAbove } from './document-step.js';

/** A reference in code font (the comment links none here: the sections link theirs). */
const plainMdRef = (ref: { readonly file: string; readonly line: number }, side: 'base' | 'head') => `\`${side === 'base' ? 'base:' : ''}${ref.file}:${ref.line}\``;

/** How many unchanged targets a headline names before it counts them instead. */
const NAMED_UNCHANGED = 4;

/**
 * `staging: 1 path opened; prod: no change` (verdicts without their final period); past four unchanged targets,
 * `5 other targets: no change`; when none changed and none needs its own words (a fold, a new or removed target),
 * `No change in allowed connectivity (7 targets).` A target whose "no change" is not
 * proven (unproven.ts) is never among those counted: `b: no change found, unproven (incomplete for pods the
 * manifests do not hold)`, four named, then a count; one whose changed policy is not analysed in full says so, as its
 * verdict does (`b: the change of big/api (b/np.yaml:21) not analysed in full …`); one whose "no change" rests on a fold gives both readings
 * (`example (was example + contrib/netpol): no change if contrib/netpol was deployed on its own, otherwise the change closes 4 paths`).
 */
export function targetsHeadline(report: TargetsReport): string {
  if (report.targets.length === 0) return 'No targets to analyse.';
  const inputs = unanalysedInputs(report);
  if (report.targets.length === 1) return verdict(report.targets[0].report, inputs);
  if (shortVerdict(report)) return inputs ? `No change found in what was analysed (${plural(report.targets.length, 'target')}); not analysed: ${inputs}.` : `No change in allowed connectivity (${plural(report.targets.length, 'target')}).`;
  const changed = report.targets.filter(hasChanges);
  const doubtful: { readonly name: string; readonly text: string }[] = [];
  const unchanged: TargetResult[] = [];
  const keeping: TargetResult[] = [];
  for (const t of report.targets.filter((t) => !hasChanges(t))) {
    const reasons = unprovenReasons(t);
    const fold = t.report.assumedFold;
    // A fold's assumption: both readings (assumed-fold.ts), then any other reason.
    const gone = t.report.assumedGone;
    // Paths of pods the change probably removes: both readings (assumed-gone.ts).
    const others = reasons.filter((r) => (!fold || r !== foldReason(fold)) && (!gone || r !== goneReason(gone)));
    const own = others.length ? `no change found, unproven (${others.join('; ')})` : '';
    if (fold) doubtful.push({ name: t.name, text: `no change ${foldClause(fold)}${gone ? `; ${goneClause(gone)}` : ''}${own ? `; ${own}` : ''}` });
    else if (gone) doubtful.push({ name: targetLabel(t), text: `no change ${goneRemainder(gone)}; ${goneClause(gone)}${own ? `; ${own}` : ''}` });
    else if (reasons.length) doubtful.push({ name: targetLabel(t), text: own });
    // Objects the change removes that stay in the cluster (a controller that does not prune): its own words, not a plain "no change".
    else if (t.report.unpruned?.length) keeping.push(t);
    else unchanged.push(t);
  }
  // Targets whose sections would say the same share one verdict (same-sections.ts).
  const parts = sameSections(changed).map(({ target: t, alike }) => `${alike.length ? `${[t, ...alike.map((a) => a.target)].map(targetLabel).join(', ')} (the same changes)` : targetLabel(t)}: ${verdictClause(t.report)}`);
  parts.push(...keeping.map((t) => `${targetLabel(t)}: ${verdictClause(t.report)}`));
  // Targets whose "no change" rests on the very same assumption are named together (cluster-config 612d0af:
  // four removed overlays, each with the same placement clause of 300 characters).
  const byText = new Map<string, string[]>();
  for (const t of doubtful) byText.set(t.text, [...(byText.get(t.text) ?? []), t.name]);
  const grouped = [...byText].map(([text, names]) => ({ names, text }));
  parts.push(...grouped.slice(0, NAMED_UNCHANGED).map((g) => `${andList(g.names)}: ${g.text}`));
  const more = grouped.slice(NAMED_UNCHANGED).reduce((n, g) => n + g.names.length, 0);
  if (more > 0) parts.push(`${plural(more, 'more target')}: no change found, unproven`);
  // "other" only after a target named before it: with every target unchanged they are just "7 targets".
  // A new or removed target compared with its counterpart is always named: its "no change" is against that target.
  const compared = unchanged.filter((t) => t.comparedWith);
  // A removed target and a new one compared with each other, both unchanged, are a move no fold paired: named once,
  // under the new one, whose label names the removed one (fiducia-infra 0ddda93: six entries for three clusters).
  const movedTo = (t: TargetResult) => t.lifecycle === 'removed' && t.comparedWith?.lone === true && compared.some((n) => n.lifecycle === 'added' && t.comparedWith?.names.includes(n.name) && n.comparedWith?.names.includes(t.name));
  parts.push(...compared.filter((t) => !movedTo(t)).map((t) => `${targetLabel(t)}: no change`));
  // A new or removed target compared with none is named with what it is, never counted: its "no change" means it
  // deploys (or deployed) nothing analysed, not that the change left it alone (real repositories 34: a commit deleting
  // two clusters of Helm releases read "home-cluster: no change; infra-cluster: no change").
  parts.push(...lifecycleNoChange(unchanged.filter((t) => !t.comparedWith && t.lifecycle)));
  const rest = unchanged.filter((t) => !t.comparedWith && !t.lifecycle);
  if (rest.length > NAMED_UNCHANGED) parts.push(`${rest.length} ${parts.length ? 'other ' : ''}targets: no change`);
  else parts.push(...rest.map((t) => `${t.name}: no change`));
  // Changed inputs no build analysed, where no path changed: named, never a plain "no change" (unanalysedInputs).
  if (inputs) parts.push(`not analysed: ${inputs}`);
  const apart = alternativesClause(report.targets);
  return `${parts.join('; ')}.${apart ? ` ${apart}.` : ''}`;
}

/** How many new or removed targets without a change the headline names one by one before it names them together. */
const NAMED_LIFECYCLE = 2;

/**
 * `env/azure (removed by this change): no change`, one by one; past two of one kind whose labels say nothing more,
 * together: `6 targets removed by this change (clusters/home, clusters/infra and 4 more): no change`.
 */
function lifecycleNoChange(targets: readonly TargetResult[]): string[] {
  const out: string[] = [];
  for (const [life, words] of [['removed', 'removed by this change'], ['added', 'new in this change']] as const) {
    const these = targets.filter((t) => t.lifecycle === life);
    const plain = these.every((t) => targetLabel(t) === `${t.name} (${words})`);
    if (these.length > NAMED_LIFECYCLE && plain) out.push(`${plural(these.length, 'target')} ${words} (${firstAndMore(these.map((t) => t.name), NAMED_LIFECYCLE)}): no change`);
    else out.push(...these.map((t) => `${targetLabel(t)}: no change`));
  }
  return out;
}

/** How many notices under the verdict the headline's `not analysed:` names before it counts the rest. */
const NAMED_INPUTS = 1;

/**
 * What the headline says was not analysed when no path changed (new-user trial 42: a commit adding only an
 * app-template policy entry reachdiff does not model read "No change in allowed connectivity." in text while
 * Markdown marked it ⚠️): the notices under the verdict that say "Not analysed" (notAnalysed), the first by what it
 * names and where (`values.networkpolicies.db of Flux HelmRelease apps/web (hr.yaml:12)`), then a count
 * (`, and 2 more in the notes below`). Undefined when there are none, or when paths changed (the verdict counts them
 * and the notes say the rest). The one reading of "not a clean no change" for every format: the text and Markdown
 * headlines, the check run's summary and title (targets-check-run.ts) and the JSON's `summary.notAnalysedInputs`.
 */
export function unanalysedInputs(report: Pick<TargetsReport, 'notices' | 'counts'>): string | undefined {
  if (report.counts.opened + report.counts.closed > 0) return undefined;
  const said = unanalysedNotices(report);
  if (said.length === 0) return undefined;
  const named = said.slice(0, NAMED_INPUTS).map(noticeWhat);
  const more = said.length - named.length;
  return `${named.join(', ')}${more > 0 ? `, and ${more} more in the notes below` : ''}`;
}

/** The notices under the verdict that say a changed input was not analysed (`Not analysed…:`), not those of an assumption (`Taken as applied:`). */
export function unanalysedNotices(report: Pick<TargetsReport, 'notices'>): Notice[] {
  return report.notices.filter((n) => notAnalysed(n) && NOT_ANALYSED.test(n.message));
}

/** `Not analysed:`, `Not analysed in full:`, `Not analysed on head:`, `Not deployed, not analysed:` … */
const NOT_ANALYSED = /^Not (deployed, not )?analysed( [a-z ]+)?: /;

/**
 * A notice as the headline names it: its `what` when it has one (the notice's own words, its place included), else
 * its message's first clause (up to the first `: ` or `. ` outside brackets, after `Not analysed…: `) with the
 * notice's file and line: in the place of the file where the clause names it (`changed in hr.yaml:12`), else after
 * it (`(tenants/demo/kustomization.yaml:1)`).
 */
export function noticeWhat(n: Pick<Notice, 'message' | 'ref' | 'what' | 'side'>): string {
  if (n.what !== undefined) return n.what;
  const phrase = firstClause(n.message.replace(NOT_ANALYSED, ''));
  const at = noticeAt(n);
  if (!n.ref || !at) return phrase;
  if (phrase.includes(at)) return phrase;
  const i = phrase.indexOf(n.ref.file);
  const whole = i >= 0 && !/[\w./-]/.test(phrase.charAt(i + n.ref.file.length));
  return whole ? `${phrase.slice(0, i)}${at}${phrase.slice(i + n.ref.file.length)}` : `${phrase} (${at})`;
}

/** `text` up to its first `: ` or `. ` outside brackets (all of it when none). */
function firstClause(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && (c === ':' || c === '.') && text[i + 1] === ' ') return text.slice(0, i);
  }
  return text.replace(/\.$/, '');
}

/**
 * Nothing changed anywhere, and no target needs its own words (an unproven "no change", a fold, pods probably
 * gone, a new or removed target): the verdict is short, the targets counted, and alternative bundles are said
 * on the Targets line only (new-user trial 41, finding 9: a 600-character line naming four targets and three
 * pairs of bundles, the pairs said twice more below).
 */
export function shortVerdict(report: Pick<TargetsReport, 'targets'>): boolean {
  return report.targets.length > 1 && report.targets.every((t) => !hasChanges(t) && unprovenReasons(t).length === 0 && !t.report.assumedFold && !t.report.assumedGone && !t.comparedWith && !t.fold && !t.lifecycle && !t.report.unpruned?.length);
}

/** Pairs of alternative bundles the headline names; the rest are counted. */
const NAMED_ALTERNATIVES = 2;

/**
 * `Analysed apart as alternative bundles: install.yaml and ha/install.yaml (both define Deployment argocd-server)`:
 * the layout split these plain bundles into targets of their own (targets/alternative-bundles.ts), so no
 * path between them is reported. Said in the headline, since it decides what every verdict of them means
 * (real-eval 9, C1: the split was only a note at the end). Undefined when no target was split so.
 */
export function alternativesClause(targets: readonly Pick<TargetResult, 'members'>[]): string | undefined {
  const pairs = new Map<string, string>();
  let variants = true;
  for (const m of targets.flatMap((t) => t.members)) {
    if (!m.alternativeTo) continue;
    variants &&= m.alternativeTo.variant === true;
    const ends = [m.name, m.alternativeTo.bundle].sort();
    const key = ends.join('\0');
    if (!pairs.has(key)) pairs.set(key, `${ends[0]} and ${ends[1]} (both define ${m.alternativeTo.shared})`);
  }
  if (pairs.size === 0) return undefined;
  const cut = namedItems([...pairs.values()], NAMED_ALTERNATIVES);
  const named = cut.named;
  const more = cut.more > 0 ? `; and ${plural(cut.more, 'more pair')}` : '';
  // Variants of one object are each analysed with the rest of the plain manifests, not apart from them.
  return `${variants ? 'Analysed as variants, each with the other plain manifests' : 'Analysed apart as alternative bundles'}: ${named.join('; ')}${more}`;
}

/**
 * Whether a target's verdict says more than "no change": paths, errors the pull request brings (a sync
 * that fails; each is listed in the target's section, not among the warnings), builds not analysed, changed
 * policies not analysed in full (past a region bound, no reported path shows them: the headline says so as the
 * target's section and the check run do, never "no change found"),
 * objects of kinds reachdiff does not model that the pull request changes, new findings (a rule that
 * `policyTypes` now ignores changes no path, and was said nowhere but the JSON), or closings of pods in a
 * namespace the change creates (not counted, but what a reviewer of a new namespace reads: created-namespaces.ts).
 */
export function hasChanges(t: TargetResult): boolean {
  const r = t.report;
  return r.counts.opened + r.counts.closed + r.errors.introduced.length + (r.counts.notAnalysed ?? 0) + (r.counts.notAnalysedChanges ?? 0) + r.unmodelled.reduce((n, u) => n + u.changed, 0) > 0 || listedFindings(r.findings).some((f) => f.new) || r.createdNamespaces !== undefined;
}

/** Why a target's "no change" is not proven (unproven.ts); empty when it is. */
export function unprovenReasons(t: TargetResult): readonly string[] {
  return unproven(t.report).reasons;
}

/** Targets of several that get a section of their own: those with changes, and those whose "no change" is unproven (their notes say why). */
export function hasSection(t: TargetResult): boolean {
  return hasChanges(t) || unprovenReasons(t).length > 0;
}

/**
 * Changed files that no build reads (`OUTSIDE_TARGETS`) are in no verdict: said right under it, not only
 * among the notes at the end (fresh-user trial P17: "No change in allowed connectivity" over a changed
 * policy file that the kustomization did not list, the notice collapsed at the bottom of the comment).
 */
export function notAnalysedNotices(report: Pick<TargetsReport, 'notices'>): string[] {
  return report.notices.filter(notAnalysed).map((n) => n.message);
}

/** Notices that say a part of the change is in no verdict (changed files no build reads, pods not analysed on a reduced run): told under the verdict, never `success`. */
export function notAnalysed(n: Pick<Notice, 'code'>): boolean {
  return n.code === 'OUTSIDE_TARGETS' || n.code === 'ABSTRACT_PEERS_OFF';
}

/** `text` with `lines` inserted after its first line (the verdict), each block set off by a blank line. */
export function underFirstLine(text: string, lines: readonly string[]): string {
  if (lines.length === 0) return text;
  const end = text.indexOf('\n');
  return end < 0 ? `${text}\n\n${lines.join('\n')}\n` : `${text.slice(0, end + 1)}\n${lines.join('\n')}\n${text.slice(end + 1)}`;
}

export function renderTargetsMarkdown(report: TargetsReport, options: MarkdownOptions = {}): string {
  const footer = targetsFooter(report);
  const blind = notAnalysedNotices(report).map((m) => `> ⚠️ ${cell(sentence(m))}`);
  // What a target paired across a move rests on, under the verdict too (fold-notes.ts).
  // And what a new or removed target was compared with, instead of an empty cluster (counterpart-notes.ts).
  const assumed = [...foldNoteItems(report).map((m) => `> ${m.unproven ? '⚠️' : 'ℹ️'} ${cell(m.text)}.`), ...counterpartNotes(report).map((m) => `> ℹ️ ${cell(m)}.`)];
  const under = blind.length && assumed.length ? [...blind, '', ...assumed] : [...blind, ...assumed];
  // One name, one pod, in every section, the shared findings and the picture (telling-names.ts).
  tellTogether(report.targets.map((t) => t.report));
  if (report.targets.length === 1) {
    const top = under.length ? under.join('\n').length + 3 : 0;
    const max = (options.maxChars ?? Infinity) - footer.length - top;
    // Nothing else to say but what was not analysed: not ✅ (a pass no analysis proved).
    // A "no change" with changed inputs not analysed names them (unanalysedInputs), as every format's headline does.
    const own = renderDiffMarkdown(report.targets[0].report, { ...options, maxChars: max, ...(unanalysedInputs(report) ? { verdict: targetsHeadline(report) } : {}) });
    return underFirstLine(blind.length ? own.replace(/^### ✅/, '### ⚠️') : own, under) + footer;
  }
  const { opened, closed } = report.counts;
  const doubtful = report.targets.some((t) => unprovenReasons(t).length > 0);
  // Errors fail the check first, as in one target's report (diff-markdown.ts).
  const icon = report.counts.errors ? '❌' : report.counts.notAnalysed ? '⚠️' : opened ? '🔓' : closed ? '🔒' : blind.length || doubtful || report.combined.unmodelled.some((u) => u.changed > 0) ? '⚠️' : '✅';
  // Renames in targets without a section of their own (renamed-notes.ts).
  const renamed = renamedNotes(report.targets, hasSection).map((m) => `> ℹ️ ${cell(m)}.`);
  const above = under.length && renamed.length ? [...under, '', ...renamed] : [...under, ...renamed];
  // Changed policies no path shows, in targets without a section of their own (a section says its own: diff-markdown.ts).
  const quiet = quietMarkdown({ quietChanges: report.targets.filter((t) => !hasSection(t)).flatMap((t) => t.report.quietChanges ?? []) }, plainMdRef, cell);
  const quietMd = quiet.length ? `${quiet.join('\n')}\n` : '';
  const head = `### ${icon} reachdiff: ${targetsHeadline(report)}\n\n${above.length ? `${above.join('\n')}\n\n` : ''}${quietMd}`;
  // The errors each target's section lists are not listed again among the warnings (errors-section.ts).
  const warnings = warningsMarkdown(warningsApartOf(report.combined, report.targets.filter(hasSection).map((t) => t.report)), options.changedFiles).join('\n');
  // Findings of a file several targets build: once, below the sections, naming the targets (fresh-user trial 27).
  const shared = targetsSharedFindings(report.targets);
  // The pods its findings point to named as the sections name them, those shortened listed in full (ux47).
  const names = sharedFindingNames(report.targets.map((t) => t.report));
  const sharedFound = findingsMarkdown(shared.findings, COMMENT_FINDINGS, options.link && ((ref) => options.link?.(ref, 'head')), { title: SHARED_FINDINGS_TITLE, where: shared.where }, names.name);
  const sharedSection = [...sharedFound, ...(names.shortened.size ? [fullNames(names.shortened)] : [])].join('\n');
  // Targets whose sections would say the same are one section (same-sections.ts).
  const changed = sameSections(report.targets.filter(hasSection));
  // Each changed target gets an equal share of what the limit leaves.
  const room = (options.maxChars ?? Infinity) - head.length - footer.length - warnings.length - sharedSection.length - 2;
  const share = Math.max(500, Math.floor(room / Math.max(1, changed.length)));
  // A rollback patch several sections share is shown once, in the first: applied twice, the second apply fails.
  const shownAbove = patchShownAbove();
  const sections = changed.map(({ target: t, alike }) => {
    const patchAbove = shownAbove(t.report.rollback.patch, targetLabel(t));
    const also = alike.length ? `> ℹ️ ${cell(alikeText(alike))}.` : '';
    const title = `${targetLabel(t)}${membersClause(t, report.changedFiles)}${alike.length ? ` and ${alike.length} more with the same changes` : ''}`;
    const own = renderDiffMarkdown(t.report, { ...options, title, omitWarnings: true, sharedFindings: shared.keys, maxChars: share - (also ? also.length + 2 : 0), ...(patchAbove ? { patchAbove } : {}) });
    return underFirstLine(own, also ? [also] : []).replace(/^###/, '####').replace(/\n####/g, '\n#####');
  });
  return [head, ...sections.map((s) => s + '\n'), sharedSection ? sharedSection + '\n' : '', warnings ? warnings + '\n' : '', footer].join('').replace(/\n{3,}/g, '\n\n');
}

/**
 * A lower bound of `renderTargetsMarkdown(report, { maxChars: Infinity })`'s length, in characters: the rows
 * its sections certainly write (diff-markdown.ts `fewestChars` at no row limit), one section per target
 * of several that gets one (as `sameSections` joins them), without rendering any. Joining the sections
 * only drops blank lines, never a row's characters.
 */
export function fewestTargetsChars(report: TargetsReport, memo?: RenderMemo): number {
  const shown = report.targets.length === 1 ? report.targets : sameSections(report.targets.filter(hasSection)).map((s) => s.target);
  return shown.reduce((n, t) => n + fewestChars(t.report, Infinity, renderedOnce(t.report, memo)), 0);
}

/**
 * How targets were chosen, and the notices (charts not rendered, other repositories, `default`). The
 * one plain target of a repository without targets, controllers or kustomizations goes unexplained.
 */
export function targetsFooter(report: TargetsReport): string {
  const how = alternativesHow(report);
  const lines = how ? [`<sub>${cell(how)}</sub>`] : [];
  // Changed files no build reads are said under the verdict instead (notAnalysedNotices).
  const notes = notesForPeople(report.notices.filter((n) => !notAnalysed(n) && !onTargetsLine(n)));
  if (notes.length) {
    const items = notes.map((n) => `- ${cell(n.message)}${noticePlace(n, true)}`);
    lines.unshift(`<details><summary>Notes (${notes.length})</summary>\n\n${items.join('\n')}\n\n</details>\n`);
  }
  return lines.length ? '\n' + lines.join('\n') + '\n' : '';
}

/** An ALTERNATIVE_BUNDLES notice whose pairs the Targets line says (`alternativesHow`): not a note of its own in text and Markdown. */
export function onTargetsLine(n: Pick<Notice, 'code' | 'pairs'>): boolean {
  return n.code === 'ALTERNATIVE_BUNDLES' && n.pairs !== undefined;
}

/**
 * `howTargets`, with the pairs of alternative bundles analysed apart and what that means said once after it
 * (`… Analysed apart, never applied together in one namespace (no path between them is reported): a and b both
 * define Deployment x; if they are copies for different namespaces of one cluster, set namespaceFromPath.`).
 */
export function alternativesHow(report: Pick<TargetsReport, 'origin' | 'targets' | 'how' | 'notices'>): string | undefined {
  const how = howTargets(report);
  const alt = report.notices.find(onTargetsLine);
  if (!alt) return how;
  // The headline names the pairs when some target changed (what its verdict means): not again here.
  const pairs = shortVerdict(report) || !alternativesClause(report.targets) ? `: ${alt.pairs}` : ' as the verdict says';
  const apart = `Analysed apart, never applied together in one namespace (no path between them is reported)${pairs}; if they are copies for different namespaces of one cluster, set namespaceFromPath.`;
  return how ? `${how} ${apart}` : apart;
}

/** The line saying how targets were chosen; none for the one plain target of a repository without any (a `--render` stream joining it is said). */
export function howTargets(report: Pick<TargetsReport, 'origin' | 'targets' | 'how'>): string | undefined {
  return report.origin === 'plain' && report.targets.length === 1 && report.targets[0].members.length === 1 ? undefined : report.how;
}
