/**
 * A cover of the same targets asked by lines that refuse different regions (analysis/selector-cover.ts): the
 * selectors touching the targets are found once per set of targets, but each cover refuses only what its own
 * line refuses. A selector holding a region one line refuses serves the next line, which does not.
 */
import type { AbstractPeer } from '../../src/engine/index.js';
import { abstractPeer } from '../../src/engine/index.js';
import type { CoverCandidates, CoverRegions } from '../../src/analysis/selector-cover.js';
import { selectorCover } from '../../src/analysis/selector-cover.js';

const peer = (app: string): AbstractPeer => abstractPeer('shop', { matchLabels: { app }, expressions: [] });
// `wide` holds the targets 1, 2, 3 and region 9; `pair` holds 1 and 2; `one` holds 3.
const wide = peer('wide');
const pair = peer('pair');
const one = peer('one');
const held = new Map<AbstractPeer, readonly number[]>([
  [wide, [1, 2, 3, 9]],
  [pair, [1, 2]],
  [one, [3]],
]);

function fixture(): { regions: CoverRegions; candidates: CoverCandidates } {
  const regions: CoverRegions = { heldBy: (p) => held.get(p) ?? [], holdsExactly: () => true };
  const candidates: CoverCandidates = { holding: (r) => [...held].filter(([, rs]) => rs.includes(r)).map(([p]) => p) };
  return { regions, candidates };
}

const ids = (names: readonly AbstractPeer[] | null) => names?.map((n) => n.id) ?? null;

describe('selectorCover: lines refusing different regions', () => {
  test('a selector refused for one line serves the next line that does not refuse its regions', () => {
    const { regions, candidates } = fixture();
    const targets = [1, 2, 3];
    const everything = () => true;
    const not9 = (r: number) => r !== 9;
    expect(ids(selectorCover(regions, candidates, targets, everything))).toEqual([wide.id]);
    expect(ids(selectorCover(regions, candidates, targets, not9))).toEqual([pair.id, one.id]);
    expect(ids(selectorCover(regions, candidates, targets, everything))).toEqual([wide.id]);
    // Asked first with the refusal, on fresh candidates: the same answers in the other order.
    const fresh = fixture();
    expect(ids(selectorCover(fresh.regions, fresh.candidates, targets, not9))).toEqual([pair.id, one.id]);
    expect(ids(selectorCover(fresh.regions, fresh.candidates, targets, everything))).toEqual([wide.id]);
  });

  test('targets the touching selectors hold only with a refused region are not covered', () => {
    const { regions, candidates } = fixture();
    expect(ids(selectorCover(regions, candidates, [1, 3], (r) => r !== 9))).toBeNull();
    expect(ids(selectorCover(regions, candidates, [1, 3], () => true))).toEqual([wide.id]);
  });
});
