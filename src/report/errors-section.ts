/**
 * The errors a pull request brings, first in the human formats (above the paths): objects the API
 * server or kubectl will reject break the GitOps sync. Errors in files it does not touch are a count. The
 * copies of one object rejected at one line are one line (copy-warnings.ts); the count is of errors, every copy.
 */
import type { DiffReport, NotAnalysed } from '../analysis/types.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { formatDiagnostic } from '../manifests/diagnostics.js';
import type { SidedWarnings } from './warning-lines.js';
import { cell } from './list-formats.js';
import type { RefFormatter } from './reason-text.js';
import { plural } from '../util/plural.js';
import { rejectedClause, rejectedSentence } from './rejected-by.js';
import { listedErrors } from './listed-errors.js';
import { andList } from '../util/and-list.js';
import { foldCopyWarnings } from './copy-warnings.js';

/** `Errors Kubernetes will reject`, or who else refuses them (rejected-by.ts). */
const title = (errors: readonly Diagnostic[]) => `Errors ${rejectedClause(errors)}`;
const untouched = (n: number) => `${plural(n, 'pre-existing error')} in files this pull request does not touch (not listed)`;

const NOT_ANALYSED = 'Not analysed on head';
const notAnalysedWhy = 'this pull request changes files of these builds, and they fail on head: what those changes allow or deny is not known. A build that fails deploys nothing new, so the rest is compared with these builds as base has them.';
/** Said when some of them fail so on base too: older than the pull request, they do not fail the run (unanalysed-builds.ts). */
const alsoOnBaseWhy = 'A build marked "also failing on base" failed the same way before this pull request: it is told, and does not fail the run.';
/** `Application alpha applies`, `Applications alpha and beta apply`: the other Applications of a shared object (argocd-shared-resources.ts). */
const sharedWithText = (names: readonly string[]) => (names.length === 1 ? `Application ${names[0]} applies` : `Applications ${andList(names)} apply`);
/** A failure inside a Flux Kustomization or an Argo CD Application: that controller fails the whole target's build (targets/failed-targets.ts). */
export const wholeTargetText = (n: NotAnalysed) => {
  if (!n.wholeTarget) return '';
  const whole = n.wholeTarget.firstStage ?? [];
  const parts = n.wholeTarget.firstStageObjects ?? [];
  const built = n.wholeTarget.firstStageNamespaces ?? [];
  const staged = [...whole, ...parts, ...built];
  // Rejected after the apply's first stage (targets/flux-stages.ts): that stage's changed files (objects) reached the cluster.
  const wholeText = whole.length ? `${andList(whole)} ${whole.length === 1 ? 'is' : 'are'} applied as head has ${whole.length === 1 ? 'it' : 'them'}` : '';
  const partsText = parts.length ? `${whole.length ? 'and so are ' : ''}the Namespaces and CRDs of ${andList(parts)}${whole.length ? '' : ' are applied as head has them'}` : '';
  // Namespaces another file of the build relabels (a kustomization's patch, Flux commonMetadata: targets/first-stage-built.ts), each at its document.
  const one = built.length === 1;
  const builtText = built.length ? `Namespace${one ? '' : 's'} ${andList(built.map((ns) => `${ns.name} (${ns.ref.file}:${ns.ref.line})`))} ${one ? 'is' : 'are'} applied as head's build makes ${one ? 'it' : 'them'}` : '';
  const files = [wholeText, partsText].filter((x) => x).join(', ');
  const stagedText = files && builtText ? `${files}, and ${builtText}` : files || builtText;
  // Rejected at a later stage with nothing staged: that stage ran, and left the build's Namespaces as base has them.
  const before = staged.length ? `after its first stage, which applies Namespaces and CRDs on their own: ${stagedText}` : n.wholeTarget.afterFirstStage ? "after its first stage, which applies Namespaces and CRDs on their own and leaves the build's Namespaces as base has them" : 'before anything of the build is applied';
  const step = n.wholeTarget.step;
  const fails =
    step === 'apply'
      ? `fails its whole apply on it (the API server rejects the object at its server-side dry-run, ${before})`
      : step === 'sync' && n.wholeTarget.reason === 'sharedResource'
        ? `fails its whole sync on it (it sets FailOnSharedResource=true, and ${sharedWithText(n.wholeTarget.sharedWith ?? [])} that object too: Argo CD finds it shared before any task runs, and applies nothing of the sync)`
      : step === 'sync'
        ? "fails its whole sync on it (Argo CD finds no API resource for the object's kind and version while planning the sync, and applies nothing of it; SkipDryRunOnMissingResource=true would leave that object alone to fail)"
        : 'fails its whole build on it';
  const rest = staged.length ? 'other ' : '';
  const so = n.wholeTarget.firstApply ? `so its first ${step === 'sync' ? 'sync' : 'apply'} fails and none of its ${rest}objects reach the cluster` : staged.length ? "so the cluster keeps base's state of the rest of that target" : "so the cluster keeps base's state of that whole target";
  return `; ${n.wholeTarget.controller} ${fails}, ${so}`;
};
const changedText = (n: NotAnalysed) => `changed here: ${n.changedFiles.join(', ')}${wholeTargetText(n)}${n.alsoOnBase ? '; also failing on base' : ''}`;
const why = (blind: readonly NotAnalysed[]) => `${notAnalysedWhy}${blind.some((n) => n.alsoOnBase) ? ` ${alsoOnBaseWhy}` : ''}`;

export function errorsMarkdown(report: DiffReport, refFmt: RefFormatter, rowLimit: number): string[] {
  const { preExisting } = report.errors;
  const introduced = listedErrors(report.errors.introduced);
  const out: string[] = [];
  const blind = report.notAnalysed ?? [];
  if (blind.length) {
    out.push(`#### ⚠️ ${NOT_ANALYSED} (${blind.length})`, '', `${notAnalysedWhy.charAt(0).toUpperCase()}${why(blind).slice(1)}`, '');
    for (const n of blind) out.push(`- ${refFmt(n.error.ref, 'head')}: ${cell(n.error.message)} \`${n.error.code}\` (${cell(changedText(n))})`);
    out.push('');
  }
  if (introduced.length) {
    out.push(`#### ❌ ${title(introduced)} (${introduced.length})`, '', rejectedSentence(introduced), '');
    const lines = foldCopyWarnings(introduced);
    for (const d of lines.slice(0, rowLimit)) out.push(`- ${refFmt(d.ref, 'head')}: ${cell(d.message)} \`${d.code}\``);
    if (lines.length > rowLimit) out.push(`- … and ${lines.length - rowLimit} more`);
    out.push('');
  }
  if (preExisting) out.push(`_${untouched(preExisting)}._`, '');
  return out;
}

/** The warnings the human formats still list: neither the errors shown above nor those counted as pre-existing. */
/**
 * A report over several targets: `combined`'s warnings less the errors the sections shown (`sections`, the
 * targets' own reports) list or count. An error of a target without a section (no change) stays among the
 * warnings, so it is counted there ("15 pre-existing warnings in unchanged files", real-eval 11 rerun: OLM
 * dcd8ad89c lost that line when every error left the list).
 */
export function warningsApartOf(combined: DiffReport, sections: readonly DiffReport[]): SidedWarnings {
  const key = (d: Diagnostic) => `${d.code}\u0000${d.ref.file}\u0000${d.ref.line}\u0000${d.message}`;
  const shown = new Set(sections.flatMap((r) => [...r.errors.apart].map(key)));
  const kept = (d: Diagnostic) => !shown.has(key(d));
  return { base: combined.warnings.base.filter(kept), head: combined.warnings.head.filter(kept) };
}

export function warningsApart(report: DiffReport): SidedWarnings {
  const shown = (d: Diagnostic) => !report.errors.apart.has(d);
  return { base: report.warnings.base.filter(shown), head: report.warnings.head.filter(shown) };
}

export function errorsText(report: DiffReport): string[] {
  const { preExisting } = report.errors;
  const introduced = listedErrors(report.errors.introduced);
  const out: string[] = [];
  const blind = report.notAnalysed ?? [];
  if (blind.length) out.push(`${NOT_ANALYSED} (${blind.length}): ${why(blind)}`, ...blind.map((n) => `  ${formatDiagnostic(n.error)} (${changedText(n)})`), '');
  if (introduced.length) out.push(`${title(introduced)} (${introduced.length}):`, ...foldCopyWarnings(introduced).map((d) => `  ${formatDiagnostic(d)}`), '');
  if (preExisting) out.push(`${untouched(preExisting)}.`, '');
  return out;
}
