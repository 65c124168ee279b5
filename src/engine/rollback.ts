/**
 * The smallest set of changed documents whose revert closes every opened path. The caller supplies the
 * evaluation (rebuild head with those documents reverted, diff against base, count opened paths); the
 * search is exact while the evaluation budget lasts, and otherwise falls back to reverting every candidate.
 */
export interface RollbackSearch {
  readonly revert: readonly string[];
  readonly minimality: 'proven' | 'greedy';
  /** Opened paths left after reverting `revert` (0 unless even reverting everything leaves some). */
  readonly remainingOpened: number;
  readonly evaluations: number;
}

export interface SearchBudget {
  readonly maxEvaluations: number;
  /** Polled between evaluations; true stops the exact phase (e.g. a time budget). */
  readonly expired?: () => boolean;
}

/**
 * Candidates should come most-likely-responsible first: sets are tried smallest first, in that order,
 * so the usual one-document culprit is found in a handful of evaluations.
 */
export function findRollback(
  candidates: readonly string[],
  openedAfter: (revert: ReadonlySet<string>) => number,
  budget: SearchBudget,
  /** Opened paths with nothing reverted, when the caller already knows it (saves one evaluation). */
  openedNow?: number,
  /** False for a set that cannot close every opened path (it cannot affect one): skipped, not evaluated. */
  viable?: (revert: readonly string[]) => boolean,
): RollbackSearch {
  let evaluations = 0;
  let skipped = 0;
  const evaluate = (set: readonly string[]): number => {
    evaluations++;
    return openedAfter(new Set(set));
  };
  if ((openedNow ?? evaluate([])) === 0) return { revert: [], minimality: 'proven', remainingOpened: 0, evaluations };
  // Skipping is cheap but not free: a search of many candidates stops after enough skips too.
  const stop = () => evaluations >= budget.maxEvaluations || skipped >= 1000 * budget.maxEvaluations || (budget.expired?.() ?? false);
  // Exact: every smaller set is tried before a larger one, so the first hit is a smallest set.
  // After the single documents, those that close the most on their own lead the larger sets.
  let order = [...candidates];
  const alone = new Map<string, number>();
  for (let k = 1; k < candidates.length; k++) {
    for (const subset of combinations(order, k)) {
      if (stop()) return fallback(candidates, evaluate, evaluations);
      if (viable && !viable(subset)) {
        skipped++;
        continue;
      }
      const left = evaluate(subset);
      if (left === 0) return { revert: subset, minimality: 'proven', remainingOpened: 0, evaluations };
      if (k === 1) alone.set(subset[0], left);
    }
    if (k === 1) order = [...order].sort((a, b) => (alone.get(a) ?? 0) - (alone.get(b) ?? 0));
  }
  const remaining = evaluate(candidates);
  return { revert: [...candidates], minimality: remaining === 0 ? 'proven' : 'greedy', remainingOpened: remaining, evaluations };
}

/** Out of budget: reverting every candidate is always a valid answer, just not a small one. */
function fallback(candidates: readonly string[], evaluate: (set: readonly string[]) => number, evaluations: number): RollbackSearch {
  const remaining = evaluate(candidates);
  return { revert: [...candidates], minimality: 'greedy', remainingOpened: remaining, evaluations: evaluations + 1 };
}

function* combinations<T>(items: readonly T[], k: number, start = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === k) {
    yield [...prefix];
    return;
  }
  for (let i = start; i <= items.length - (k - prefix.length); i++) {
    prefix.push(items[i]);
    yield* combinations(items, k, i + 1, prefix);
    prefix.pop();
  }
}
