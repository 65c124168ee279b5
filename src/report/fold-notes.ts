/**
 * Targets only one side has that the report takes as deployed to another target's cluster
 * (targets/renamed-targets.ts: their files or policy objects moved there) are compared as one cluster,
 * so a moved policy reads as unchanged. That rests on an assumption the JSON shows only in the target's
 * name (`plain manifests (was plain manifests + config/networkpolicy)`): text, Markdown and the check
 * run say it under the verdict, with what the change does if it does not hold, when that was counted
 * (real-eval 7, problem 5: operator-marketplace 481455951 read "No change" for policies applied for the
 * first time).
 */
import type { TargetResult, TargetsReport } from '../targets/analyze-targets.js';
import { plural } from '../util/plural.js';

/** One sentence per target built from a fold, without a final period; none without folds. */
export function foldNotes(report: Pick<TargetsReport, 'targets'>): string[] {
  return foldNoteItems(report).map((n) => n.text);
}

/**
 * foldNotes with, for each, whether its target's "no change" rests on the fold (`unproven`: the other
 * reading changes paths, report/assumed-fold.ts): Markdown and the check run mark those ⚠️, the others ℹ️.
 */
export function foldNoteItems(report: Pick<TargetsReport, 'targets'>): { readonly text: string; readonly unproven: boolean }[] {
  return report.targets.flatMap((t) => (t.fold ? [{ text: foldNote(t.fold), unproven: t.report.assumedFold !== undefined }] : []));
}

/**
 * `Base's target config/networkpolicy is taken as folded into plain manifests (its policies moved there):
 * if it was not deployed, the moved policies are new, and the change closes 40 paths`; when the change
 * wired them in, `(its files moved there, and head's example/kustomization.yaml now includes common/netpol)`.
 */
export function foldNote(fold: NonNullable<TargetResult['fold']>): string {
  const names = (ns: readonly string[]) => ns.join(', ').replace(/, ([^,]*)$/, ' and $1');
  const what = (side: string, ns: readonly string[]) => `${side}'s ${ns.length === 1 ? 'target' : 'targets'} ${names(ns)} ${ns.length === 1 ? 'is' : 'are'}`;
  const its = (ns: readonly string[]) => (ns.length === 1 ? 'its' : 'their');
  // The change's own wiring, when it made the fold (renamed-targets.ts `wiredBy`): the reader weighs the readings by it.
  const wired = fold.wiredBy ? `, and head's ${fold.wiredBy.file} now includes ${fold.wiredBy.include}` : '';
  const why = (ns: readonly string[]) => `(${its(ns)} ${fold.by} moved there${ns === fold.olds ? wired : ''})`;
  // A fold by workloads moved no policy: what its other reading changes is which workloads run.
  const moved = fold.by === 'workloads' ? 'workloads' : 'policies';
  const alt = fold.alternative ? `, and the change ${effect(fold.alternative)}` : '';
  if (fold.kept === undefined && fold.apart) {
    // The same files, unchanged, under another name (renamed-targets.ts `apart`): nothing moved, nothing to assume.
    return `${what("Base", fold.olds)} head's ${names(fold.news)}: the same files, unchanged, analysed under another name in head`;
  }
  if (fold.kept === undefined) {
    return `${what("Base", fold.olds)} taken as the same deployment as head's ${names(fold.news)} ${why(fold.olds)}: if ${fold.olds.length === 1 ? 'it was' : 'they were'} not deployed, the ${moved} of ${names(fold.news)} are new`;
  }
  const parts: string[] = [];
  if (fold.apart) {
    // The same files, analysed apart on one side: nothing moved (renamed-targets.ts `apart`).
    if (fold.olds.length) parts.push(`${what('Base', fold.olds)} taken as deployed with ${fold.kept}, which reads ${its(fold.olds)} files in head (analysed apart in base): if ${fold.olds.length === 1 ? 'it was' : 'they were'} not deployed, ${its(fold.olds)} ${moved} are new${alt}`);
    if (fold.news.length) parts.push(`${what('Head', fold.news)} taken as deployed with ${fold.kept}, which read ${its(fold.news)} files in base (analysed apart in head): if ${fold.news.length === 1 ? 'it is' : 'they are'} not deployed, ${its(fold.news)} ${moved} ${moved === 'workloads' ? 'no longer run' : 'no longer apply'}${alt}`);
    return parts.join('. ');
  }
  if (fold.olds.length) parts.push(`${what('Base', fold.olds)} taken as folded into ${fold.kept} ${why(fold.olds)}: if ${fold.olds.length === 1 ? 'it was' : 'they were'} not deployed, the moved ${moved} are new${alt}`);
  if (fold.news.length) parts.push(`${what('Head', fold.news)} taken as split from ${fold.kept} ${why(fold.news)}: if ${fold.news.length === 1 ? 'it is' : 'they are'} not deployed, the moved ${moved} ${moved === 'workloads' ? 'no longer run' : 'no longer apply'}${alt}`);
  return parts.join('. ');
}

/** `closes 40 paths`, `opens 2 paths and closes 40 paths`, `opens or closes no path`. */
function effect(c: { readonly opened: number; readonly closed: number }): string {
  const parts = [...(c.opened ? [`opens ${plural(c.opened, 'path')}`] : []), ...(c.closed ? [`closes ${plural(c.closed, 'path')}`] : [])];
  return parts.length ? parts.join(' and ') : 'opens or closes no path';
}
