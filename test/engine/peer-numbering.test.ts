import fc from 'fast-check';
import type { AbstractPeer, PeerRef } from '../../src/engine/index.js';
import { abstractPeer, peerId, peerNumbering } from '../../src/engine/index.js';

/** A few abstract peers to draw ends and exception lists from (abstractPeer memoises: one object per selector text). */
const peers: AbstractPeer[] = ['a', 'b', 'c'].flatMap((ns) => ['x', 'y', 'z'].map((v) => abstractPeer(ns, { matchLabels: { app: v }, expressions: [] })));

/** A `pods` end, its exception list a fresh array each time (as every line of a report builds its own). */
const podsEnd = fc.record({ own: fc.integer({ min: 0, max: peers.length - 1 }), except: fc.array(fc.integer({ min: 0, max: peers.length - 1 }), { maxLength: 4 }) }).map(({ own, except }): PeerRef => {
  const list = [...new Set(except)].sort((x, y) => x - y).map((i) => peers[i]);
  return list.length ? { type: 'pods', peer: peers[own], except: list } : { type: 'pods', peer: peers[own] };
});

describe('peerNumbering', () => {
  it('numbers two ends alike exactly when their contract ids are equal, whichever objects hold their exception lists', () => {
    fc.assert(
      fc.property(fc.array(podsEnd, { minLength: 1, maxLength: 30 }), (ends) => {
        const number = peerNumbering();
        const numbers = ends.map(number);
        for (let i = 0; i < ends.length; i++)
          for (let j = 0; j < ends.length; j++) expect(numbers[i] === numbers[j]).toBe(peerId(ends[i]) === peerId(ends[j]));
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });

  it('tells a pods end with exceptions from the same peer without them, and from its exceptions', () => {
    const number = peerNumbering();
    const plain: PeerRef = { type: 'pods', peer: peers[0] };
    const less: PeerRef = { type: 'pods', peer: peers[0], except: [peers[1]] };
    const exception: PeerRef = { type: 'pods', peer: peers[1] };
    expect(new Set([number(plain), number(less), number(exception)]).size).toBe(3);
    expect(number({ type: 'pods', peer: peers[0], except: [peers[1]] })).toBe(number(less));
  });
});
