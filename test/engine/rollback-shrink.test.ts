/**
 * A rollback search that hits its bound shrinks the documents the opened paths cite (else every
 * candidate) one at a time, instead of reverting every changed document (real-eval 11, HomeLab 35dc72f0:
 * 26 documents, 14 of which close every path); the answer stays `greedy` unless every smaller set was
 * tried. The evaluation here is synthetic: path i closes when `closers[i]` holds a reverted document.
 */
import { findRollback } from '../../src/engine/rollback.js';

/** Opened paths left after reverting a set, when path i closes by reverting any one of `closers[i]`. */
const openedAfter = (closers: readonly (readonly string[])[]) => (revert: ReadonlySet<string>) => closers.filter((c) => !c.some((d) => revert.has(d))).length;

const CANDIDATES = ['p1', 'p2', 'p3', 'secret-like', 'other', 'more'];
const CLOSERS = [['p1'], ['p2'], ['p3']];

it('shrinks the cited documents when the exact search is bounded', () => {
  const search = findRollback(CANDIDATES, openedAfter(CLOSERS), { maxEvaluations: 2 }, 3, undefined, 3);
  expect(search.revert).toEqual(['p1', 'p2', 'p3']);
  expect(search.minimality).toBe('greedy');
  expect(search.shrink).toBe('irreducible');
  expect(search.remainingOpened).toBe(0);
});

it('widens to every candidate when the cited documents alone do not close every path, then shrinks', () => {
  const closers = [['p1'], ['other']];
  const search = findRollback(CANDIDATES, openedAfter(closers), { maxEvaluations: 1 }, 2, undefined, 3);
  expect([...search.revert].sort()).toEqual(['other', 'p1']);
  expect(search.minimality).toBe('greedy');
});

it('calls a shrunk set proven when every smaller set was tried', () => {
  // Every single document is tried (6 evaluations), then the bound stops the pairs: the 2 left are a smallest set.
  const closers = [['p2'], ['p3']];
  const search = findRollback(CANDIDATES, openedAfter(closers), { maxEvaluations: 6 }, 2, undefined, 3);
  expect(search.revert).toEqual(['p2', 'p3']);
  expect(search.minimality).toBe('proven');
});

it('stops shrinking at its own bound with a set that still closes every path', () => {
  const search = findRollback(CANDIDATES, openedAfter(CLOSERS), { maxEvaluations: 0, shrinkExpired: () => true }, 3, undefined, 3);
  expect(search.revert).toEqual(['p1', 'p2', 'p3']);
  expect(search.shrink).toBe('bounded');
  expect(search.remainingOpened).toBe(0);
});

it('tries the sets of cited documents of each size before the others', () => {
  // x closes the most paths on its own, so it leads the pairs unless p2 and p3 are cited.
  const closers = [['p2', 'x'], ['p2', 'x'], ['p3', 'x'], ['p3', 'x'], ['p2'], ['p3']];
  const pairsTried = (cited: number) => {
    const tried: string[][] = [];
    const evaluate = (revert: ReadonlySet<string>) => {
      if (revert.size === 2) tried.push([...revert]);
      return openedAfter(closers)(revert);
    };
    const search = findRollback(['p2', 'p3', 'x', 'y'], evaluate, { maxEvaluations: 100 }, closers.length, undefined, cited);
    expect(search).toMatchObject({ revert: ['p2', 'p3'], minimality: 'proven' });
    return tried;
  };
  expect(pairsTried(0).length).toBeGreaterThan(1);
  expect(pairsTried(2)).toEqual([['p2', 'p3']]);
});
