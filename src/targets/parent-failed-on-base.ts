/**
 * Targets that are new only because their parent's build fails on base (real-eval 12, problem 5; repro 07):
 * a child Flux Kustomization (or Argo CD Application) listed by a kustomization that fails to build on base
 * and builds on head is no target on base, since a failed build yields no controller objects. Flux (and
 * Argo CD) keep what they last applied when a build fails, so such a child was probably running all along:
 * its paths are reported as new (compared as deploying nothing, as for a build failing on base,
 * unanalysed-builds.ts `failedOnBase`) but do not fail the check (`counts.notFailing`), nor do the errors it
 * alone brings in files the change does not touch, and its findings there are not new; its label and one
 * notice say why.
 */
import type { DiffReport, FailedOnBase } from '../analysis/types.js';
import { positionKey } from '../util/once.js';
import { plural } from '../util/plural.js';
import type { Notice, TargetSpec } from './types.js';
import { firstAndMore } from '../util/and-list.js';

/** What this module reads of a cluster model's result. */
interface ModelResult {
  readonly name: string;
  readonly members: readonly TargetSpec[];
  readonly lifecycle?: 'added' | 'removed';
  readonly report: Pick<DiffReport, 'failedOnBase' | 'counts' | 'errors'>;
}

/** The folder a KUSTOMIZE_BUILD_FAILED error names (`kustomize build DIR fails`, render-one.ts; `.` for the root). */
function failedBuild(f: FailedOnBase): string | undefined {
  return /^kustomize build (.*?) fails/.exec(f.error.message)?.[1];
}

/**
 * For each result only head has whose every member was rendered from a kustomization folder (`parentBuild`)
 * whose build fails on base and not on head (another result's `failedOnBase`), with its controller object's
 * file already on base (`onBase`): that failure, named by the parent's model. By result index.
 */
export function parentsFailedOnBase(results: readonly ModelResult[], onBase: (path: string) => boolean): Map<number, FailedOnBase> {
  const failures = results.flatMap((r) => r.report.failedOnBase ?? []);
  const out = new Map<number, FailedOnBase>();
  if (failures.length === 0) return out;
  for (const [i, r] of results.entries()) {
    if (r.lifecycle !== 'added' || r.members.length === 0) continue;
    const parents = new Set(r.members.map((m) => m.parentBuild));
    const [parent] = parents;
    if (parents.size !== 1 || parent === undefined || !r.members.every((m) => m.ref !== undefined && onBase(m.ref.file))) continue;
    const failure = failures.find((f) => failedBuild(f) === (parent === '' ? '.' : parent));
    if (failure) out.set(i, failure);
  }
  return out;
}

/** One notice naming the targets new only because a parent fails to build on base, and each failure once. */
export function parentFailedNotice(results: readonly ModelResult[], parents: ReadonlyMap<number, FailedOnBase>): Notice | undefined {
  if (parents.size === 0) return undefined;
  const names = [...parents.keys()].map((i) => results[i].name);
  const shown = firstAndMore(names, 3);
  const causes = [...new Map([...parents.values()].map((f) => [`${f.error.ref.file}:${f.error.ref.line}`, f])).values()];
  const cause = causes.map((f) => `${f.target} (${f.error.ref.file}:${f.error.ref.line}: ${f.error.message})`).join('; ');
  const first = causes[0].error.ref;
  return {
    code: 'PARENT_FAILED_ON_BASE',
    message: `${plural(names.length, 'target')} (${shown}) ${names.length === 1 ? 'is' : 'are'} new only because ${causes.length === 1 ? `the build that lists ${names.length === 1 ? 'it' : 'them'} fails` : 'the builds that list them fail'} on base: ${cause}. Flux and Argo CD keep what they last applied when a build fails, so ${names.length === 1 ? 'it probably ran' : 'they probably ran'} on base already: ${names.length === 1 ? 'its' : 'their'} paths are compared with nothing and do not fail the check, nor do errors and findings in files this change does not touch`,
    ref: first,
  };
}

/**
 * What of those results `fails` (report/verdict.ts) leaves out: their paths, and the errors they alone bring
 * in files the change does not touch (`changed`), which base deployed as well (an error another result brings,
 * or one in a changed file, still counts).
 */
export function notFailing(results: readonly ModelResult[], parents: ReadonlyMap<number, FailedOnBase>, changed: ReadonlySet<string>): { readonly opened: number; readonly closed: number; readonly errors: number } | undefined {
  if (parents.size === 0) return undefined;
  const picked = [...parents.keys()].map((i) => results[i].report.counts);
  const counted = countedErrors(results, (i) => parents.has(i), changed);
  const spared = new Set([...parents.keys()].flatMap((i) => results[i].report.errors.introduced.map(positionKey)).filter((k) => !counted.has(k)));
  // Their label-combination openings are left out of `opened` as everywhere (verdict.ts FailCounts `notFailing`).
  return { opened: picked.reduce((n, c) => n + c.opened - (c.combinedLabels ?? 0), 0), closed: picked.reduce((n, c) => n + c.closed, 0), errors: spared.size };
}

/**
 * The introduced errors (`positionKey`) that may fail a run: every one a result not `spared` brings, and those
 * of spared results (targets new only because their parent fails to build on base) in `changed` files.
 */
export function countedErrors(results: readonly Pick<ModelResult, 'report'>[], spared: (index: number) => boolean, changed: ReadonlySet<string>): Set<string> {
  return new Set(results.flatMap((r, i) => r.report.errors.introduced.filter((d) => !spared(i) || changed.has(d.ref.file)).map(positionKey)));
}

/** `report` with its findings in files the change does not touch no longer new: base deployed them as well. */
export function withBaseFindings<R extends Pick<DiffReport, 'findings'>>(report: R, changed: ReadonlySet<string>): R {
  if (!report.findings.some((f) => f.new && !changed.has(f.ref.file))) return report;
  return { ...report, findings: report.findings.map((f) => (f.new && !changed.has(f.ref.file) ? { ...f, new: false } : f)) };
}
