/**
 * The warnings an explanation shows: those in the files of what it cites (the asked workloads, the rules and
 * policies that decide the pair, the near misses, the cluster-wide rules) and every error; the others are
 * counted (new-user trial 41, finding 11: one `explain` printed all 132 UNSUPPORTED_PEER warnings of the
 * repository, none on the asked path). The JSON keeps every warning. Pure.
 */
import type { SideAnswer } from '../analysis/explain-run.js';
import type { PairQuery } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';

/** Files an answer cites: its ends' workloads and every rule, policy and decision of its directions. */
export function citedFiles(query: PairQuery, answers: readonly SideAnswer[]): Set<string> {
  const files = new Set<string>();
  for (const end of [query.src, query.dst]) if (end.type === 'workload') files.add(end.workload.ref.file);
  for (const a of answers) {
    if (a.kind !== 'explained') continue;
    for (const d of a.explanation.directions) {
      for (const x of [...d.allowing, ...d.isolating, ...d.nearMisses, ...d.decisions]) files.add(x.ref.file);
      for (const m of d.tierNearMisses ?? []) files.add(m.ref.file);
    }
  }
  return files;
}

/** `warnings` split into those shown (in `files`, or errors) and a count of the rest. */
export function citedWarnings<T extends Diagnostic>(warnings: readonly T[], files: ReadonlySet<string>): { readonly shown: T[]; readonly others: number } {
  const shown = warnings.filter((w) => w.severity === 'error' || files.has(w.ref.file));
  return { shown, others: warnings.length - shown.length };
}

/** `132 other warnings, about what this answer does not cite (all listed with --format json).` */
export function otherWarningsLine(n: number): string {
  return `${n} other ${n === 1 ? 'warning' : 'warnings'}, about files this answer does not cite (all listed with --format json).`;
}
