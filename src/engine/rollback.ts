/**
 * The smallest set of changed documents whose revert closes every opened path. The caller supplies the
 * evaluation (rebuild head with those documents reverted, diff against base, count opened paths); the
 * search is exact while the evaluation budget lasts. Out of budget, it shrinks a set known to close every
 * path (the documents the opened paths cite, else every candidate) one document at a time: the answer is
 * then `greedy`, no document of it can be left out alone, yet a smaller set may exist.
 */
export interface RollbackSearch {
  readonly revert: readonly string[];
  readonly minimality: 'proven' | 'greedy';
  /** Opened paths left after reverting `revert` (0 unless even reverting everything leaves some). */
  readonly remainingOpened: number;
  readonly evaluations: number;
  /**
   * For a greedy answer that closes every path: `irreducible` when each of its documents was tried left
   * out (and left something open); `bounded` when the shrinking stopped at its own bound first.
   */
  readonly shrink?: 'irreducible' | 'bounded';
}

export interface SearchBudget {
  readonly maxEvaluations: number;
  /** Polled after each evaluation (and every few sets skipped between them); true stops the exact phase (e.g. a time budget). */
  readonly expired?: () => boolean;
  /**
   * Polled between the shrinking's evaluations, which come after the exact phase stopped (first polled
   * when the shrinking starts, so a clock can start then). Absent: the shrinking runs to its end, at most
   * one evaluation per document of the set it starts from.
   */
  readonly shrinkExpired?: () => boolean;
}

/** Sets skipped (not evaluated) between two reads of the budget's clock. */
const SKIPS_PER_POLL = 64;

/**
 * Candidates should come most-likely-responsible first: sets are tried smallest first, in that order,
 * so the usual one-document culprit is found in a handful of evaluations. `cited`: how many of the first
 * candidates the opened paths cite (their *why* lines name a rule of theirs); of each size, the sets of
 * those alone are tried first, and a bounded search shrinks them before it widens to every candidate.
 */
export function findRollback(
  candidates: readonly string[],
  openedAfter: (revert: ReadonlySet<string>) => number,
  budget: SearchBudget,
  /** Opened paths with nothing reverted, when the caller already knows it (saves one evaluation). */
  openedNow?: number,
  /** False for a set that cannot close every opened path (it cannot affect one): skipped, not evaluated. */
  viable?: (revert: readonly string[]) => boolean,
  cited = 0,
  /**
   * How many documents reverting a set really reverts (the set and the documents its revert takes with it,
   * e.g. the files a reverted kustomization entry leaves read by nothing); absent: the set's size. A set
   * that closes every path but costs more than its size does not end the search: a larger set of fewer
   * documents in all may exist, and the smallest cost wins.
   */
  cost?: (revert: readonly string[]) => number,
): RollbackSearch {
  let evaluations = 0;
  // The cheapest set found so far that closes every path, when it costs more than its own size.
  let best: { readonly set: readonly string[]; readonly cost: number } | undefined;
  const costOf = (set: readonly string[]) => Math.max(set.length, cost?.(set) ?? set.length);
  const proven = (set: readonly string[]): RollbackSearch => ({ revert: [...set], minimality: 'proven', remainingOpened: 0, evaluations });
  let skipped = 0;
  const evaluate = (set: readonly string[]): number => {
    evaluations++;
    return openedAfter(new Set(set));
  };
  if ((openedNow ?? evaluate([])) === 0) return { revert: [], minimality: 'proven', remainingOpened: 0, evaluations };
  // Skipping is cheap but not free: a search of many candidates stops after enough skips too.
  // The clock is read after each evaluation, and between skips only every SKIPS_PER_POLL: a skip costs
  // microseconds, about what reading a processor clock costs (util/processor-time.ts).
  let polledAt = -1;
  let skipsSincePoll = 0;
  const expired = () => {
    if (evaluations === polledAt && ++skipsSincePoll < SKIPS_PER_POLL) return false;
    polledAt = evaluations;
    skipsSincePoll = 0;
    return budget.expired?.() ?? false;
  };
  const stop = () => evaluations >= budget.maxEvaluations || skipped >= 1000 * budget.maxEvaluations || expired();
  const isCited = new Set(candidates.slice(0, cited));
  // Exact: every smaller set is tried before a larger one, so the first hit is a smallest set.
  // After the single documents, those that close the most on their own lead the larger sets (cited ones first).
  let order = [...candidates];
  const alone = new Map<string, number>();
  // Stopped while trying sets of `k` documents: every smaller set was tried, and none closes every path.
  const bounded = (k: number) => shrunk(candidates, isCited, alone, evaluate, budget, () => evaluations, k - 1, viable);
  for (let k = 1; k < candidates.length; k++) {
    // Every set of fewer than k documents was tried: none untried costs less than k.
    if (best && best.cost <= k) return proven(best.set);
    const citedOrder = order.filter((c) => isCited.has(c));
    // Of each size, the sets of cited documents alone first; then every other set of that size.
    const passes: [readonly string[], (subset: readonly string[]) => boolean][] = [
      [citedOrder, () => true],
      [order, (subset) => subset.some((c) => !isCited.has(c))],
    ];
    for (const [items, fresh] of passes) {
      if (items.length < k) continue;
      for (const subset of combinations(items, k)) {
        if (!fresh(subset)) continue;
        if (stop()) return best ? { revert: [...best.set], minimality: 'greedy', remainingOpened: 0, evaluations, shrink: 'bounded' } : bounded(k);
        if (viable && !viable(subset)) {
          skipped++;
          continue;
        }
        const left = evaluate(subset);
        if (left === 0) {
          const c = costOf(subset);
          if (c <= k) return proven(subset);
          if (!best || c < best.cost) best = { set: subset, cost: c };
        }
        if (k === 1) alone.set(subset[0], left);
      }
    }
    if (k === 1) order = [...order].sort((a, b) => Number(isCited.has(b)) - Number(isCited.has(a)) || (alone.get(a) ?? 0) - (alone.get(b) ?? 0));
  }
  if (best && best.cost <= candidates.length) return proven(best.set);
  const remaining = evaluate(candidates);
  if (best && (remaining > 0 || costOf(candidates) >= best.cost)) return proven(best.set);
  return { revert: [...candidates], minimality: remaining === 0 ? 'proven' : 'greedy', remainingOpened: remaining, evaluations };
}

/**
 * Out of budget: the cited documents when reverting them closes every path, else every candidate (always
 * a valid answer when anything is), shrunk by leaving out one document at a time while the rest still
 * close every path — the uncited first, then those that closed least on their own (`alone`: opened paths
 * left when reverted alone, where the exact phase got that far). Every kept step was evaluated, so the
 * answer closes every path wherever the shrinking stops.
 */
function shrunk(
  candidates: readonly string[],
  isCited: ReadonlySet<string>,
  alone: ReadonlyMap<string, number>,
  evaluate: (set: readonly string[]) => number,
  budget: SearchBudget,
  evaluations: () => number,
  /** Sets of up to this many documents were all tried (none closes every path): an answer one larger is a smallest one. */
  tried: number,
  viable?: (revert: readonly string[]) => boolean,
): RollbackSearch {
  budget.shrinkExpired?.(); // starts its clock
  const cited = candidates.filter((c) => isCited.has(c));
  let start: readonly string[] = candidates;
  let remaining: number | undefined;
  if (cited.length > 0 && cited.length < candidates.length && evaluate(cited) === 0) start = cited;
  else remaining = evaluate(candidates);
  if (remaining !== undefined && remaining > 0) return { revert: [...candidates], minimality: 'greedy', remainingOpened: remaining, evaluations: evaluations() };
  const smallest = (set: readonly string[]) => set.length <= tried + 1;
  if (smallest(start)) return { revert: [...start], minimality: 'proven', remainingOpened: 0, evaluations: evaluations() };
  const tryOrder = [...start].sort((a, b) => Number(isCited.has(a)) - Number(isCited.has(b)) || (alone.get(b) ?? 0) - (alone.get(a) ?? 0));
  const kept = new Set(start);
  let shrink: 'irreducible' | 'bounded' = 'irreducible';
  for (const c of tryOrder) {
    if (kept.size <= tried + 1) break;
    if (budget.shrinkExpired?.() ?? false) {
      shrink = 'bounded';
      break;
    }
    kept.delete(c);
    const rest = start.filter((s) => kept.has(s));
    if ((viable && !viable(rest)) || evaluate(rest) !== 0) kept.add(c);
  }
  const revert = start.filter((s) => kept.has(s));
  return { revert, minimality: smallest(revert) ? 'proven' : 'greedy', remainingOpened: 0, evaluations: evaluations(), ...(smallest(revert) ? {} : { shrink }) };
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
