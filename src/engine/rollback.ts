/**
 * The smallest set of changed documents whose revert closes every opened path. The caller supplies the
 * evaluation (rebuild head with those documents reverted, diff against base, count opened paths); the
 * search is exact while the evaluation budget lasts, and otherwise falls back to an irreducible set.
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

export function findRollback(
  candidates: readonly string[],
  openedAfter: (revert: ReadonlySet<string>) => number,
  budget: SearchBudget,
): RollbackSearch {
  let evaluations = 0;
  const cache = new Map<string, number>();
  const evaluate = (set: readonly string[]): number => {
    const key = [...set].sort().join('\u0000');
    let v = cache.get(key);
    if (v === undefined) {
      evaluations++;
      v = openedAfter(new Set(set));
      cache.set(key, v);
    }
    return v;
  };
  if (evaluate([]) === 0) return { revert: [], minimality: 'proven', remainingOpened: 0, evaluations };
  const all = [...candidates];
  const remaining = evaluate(all);
  if (remaining > 0) return { revert: all, minimality: 'greedy', remainingOpened: remaining, evaluations };
  // Greedy: drop every document whose revert is not needed. The result is irreducible.
  let current = all;
  for (const c of all) {
    const without = current.filter((x) => x !== c);
    if (evaluate(without) === 0) current = without;
  }
  // Exact: try every smaller set, smallest first, while the budget lasts.
  const stop = () => evaluations >= budget.maxEvaluations || (budget.expired?.() ?? false);
  for (let k = 1; k < current.length; k++) {
    for (const subset of combinations(all, k)) {
      if (stop()) return { revert: current, minimality: 'greedy', remainingOpened: 0, evaluations };
      if (evaluate(subset) === 0) return { revert: subset, minimality: 'proven', remainingOpened: 0, evaluations };
    }
  }
  return { revert: current, minimality: 'proven', remainingOpened: 0, evaluations };
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
