/**
 * `tiesAmong` (diff-reuse.ts): the next push's diff comes partly from the last push, unsorted; the report
 * sorts the pairs it keeps, and where two of them tie (two regions of one name at an end, the other end
 * the same) the cold run's order is the one its whole diff met them in, so the analysis diffs whole.
 */
import { tiesAmong } from '../../src/analysis/diff-reuse.js';
import type { PairDiff, PeerRef } from '../../src/engine/index.js';
import { ConnectionSet, abstractPeer, sortByPeers } from '../../src/engine/index.js';

const EVERY = { matchLabels: {}, expressions: [] };
const region = (index: number, namespace: string): PeerRef => ({ type: 'pods', region: index, peer: abstractPeer(namespace, EVERY) });
const pair = (src: PeerRef, dst: PeerRef): PairDiff => ({ src, dst, base: null, head: ConnectionSet.ALL, opened: ConnectionSet.ALL, closed: null, peerChanges: {} });

describe('ties among the kept pairs of a diff from the last push', () => {
  it('two regions of one name toward one end tie; regions of other names or other ends do not', () => {
    const [a, b, c] = [region(0, 'shop'), region(1, 'shop'), region(2, 'payments')];
    const sorted = (pairs: PairDiff[]) => (sortByPeers(pairs), pairs);
    expect(tiesAmong(sorted([pair(a, c), pair(b, c)]))).toBe(true);
    expect(tiesAmong(sorted([pair(a, c), pair(c, a)]))).toBe(false);
    expect(tiesAmong(sorted([pair(c, a), pair(c, b)]))).toBe(true);
    expect(tiesAmong(sorted([pair(a, c)]))).toBe(false);
    expect(tiesAmong([])).toBe(false);
  });
});
