import fc from 'fast-check';
import { AddressSet } from '../../src/engine/address-set.js';
import type { AbstractPeer } from '../../src/engine/abstract-peers.js';
import type { Workload } from '../../src/engine/model.js';
import type { PeerRef } from '../../src/engine/peers.js';
import { INGRESS_CONTROLLER, comparePeers, peerComparator, sortByPeers } from '../../src/engine/peers.js';

/** Peers of every kind, with ids drawn from a small alphabet so that equal ids and shared prefixes occur. */
const id = fc.stringMatching(/^[ab\/-]{0,4}$/);
const peer: fc.Arbitrary<PeerRef> = fc.oneof(
  id.map((i): PeerRef => ({ type: 'workload', workload: { id: i } as Workload })),
  id.map((i): PeerRef => ({ type: 'pods', peer: { id: i, podSelector: {} } as AbstractPeer })),
  // With exceptions: the id reads `P (except E1, …)`, so a peer id that begins another's decides nothing alone.
  fc
    .tuple(id, fc.array(id, { minLength: 1, maxLength: 2 }))
    .map(([i, except]): PeerRef => ({ type: 'pods', peer: { id: i, podSelector: {} } as AbstractPeer, except: except.map((e) => ({ id: e, podSelector: {} }) as AbstractPeer) })),
  fc.constant(INGRESS_CONTROLLER),
  fc
    .array(fc.tuple(fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 0n, max: 8n })), { maxLength: 3 })
    .map((xs): PeerRef => ({ type: 'external', addresses: AddressSet.of(xs.map(([lo, len]) => [lo, lo + len])) })),
  fc.array(id, { minLength: 1, maxLength: 2 }).map((names): PeerRef => ({ type: 'domain', names })),
);

describe('peerComparator', () => {
  it('sorts peers and pairs in the order of comparePeers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(peer, peer), { maxLength: 40 }), (pairs) => {
        const want = [...pairs].sort((a, b) => comparePeers(a[0], b[0]) || comparePeers(a[1], b[1]));
        const order = peerComparator();
        const got = [...pairs].sort((a, b) => order(a[0], b[0]) || order(a[1], b[1]));
        expect(got).toEqual(want);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('reads a lazily named abstract peer at most once, and only when a comparison needs its id', () => {
    let reads = 0;
    const region = (name: string): PeerRef => ({
      type: 'pods',
      region: 0,
      get peer() {
        reads++;
        return { id: name, podSelector: {} } as AbstractPeer;
      },
    });
    const a = region('ns-a/app=x');
    const b = region('ns-b/app=y');
    const order = peerComparator();
    const w: PeerRef = { type: 'workload', workload: { id: 'ns/w' } as Workload };
    expect(order(w, a)).toBeLessThan(0);
    expect(reads).toBe(0);
    for (let i = 0; i < 5; i++) expect(order(a, b)).toBeLessThan(0);
    expect(reads).toBe(2);
  });

  it("reads a region's exceptions only when its name alone does not decide the order", () => {
    const asked: string[] = [];
    // As a region's end (diff-universe.ts regionEnd): the same list at every read.
    const region = (name: string, except: readonly string[]): PeerRef => {
      const list = except.map((e) => ({ id: e, podSelector: {} }) as AbstractPeer);
      return {
        type: 'pods',
        region: 0,
        peer: { id: name, podSelector: {} } as AbstractPeer,
        get except() {
          asked.push(name);
          return list.length ? list : undefined;
        },
      };
    };
    const order = peerComparator();
    // Names that differ inside both: decided by them.
    expect(order(region('ns/[pod with {app=a}]', ['x']), region('ns/[pod with {app=b}]', ['y']))).toBeLessThan(0);
    expect(asked).toEqual([]);
    // One name and another that begins with it: decided by the whole ids (`a (except z)` after `a (except y)`,
    // though `a` comes before its longer name).
    const a = region('a', ['z']);
    const ab = region('a (except y)', []);
    expect(order(a, ab)).toBe(comparePeers(a, ab));
    expect(order(a, ab)).toBeGreaterThan(0);
    // One name: decided by the exceptions.
    const [p, q] = [region('ns/[all pods]', ['ns/b']), region('ns/[all pods]', ['ns/a'])];
    expect(order(p, q)).toBeGreaterThan(0);
    expect(asked).toEqual(expect.arrayContaining(['a', 'a (except y)', 'ns/[all pods]']));
  });
});

describe('sortByPeers', () => {
  it('puts the very pair objects in the order of a stable sort by comparePeers (shared ends, equal ids, ties kept in order)', () => {
    // Ends drawn from a small pool, so that pairs share peer objects and distinct objects share ids.
    const pairs = fc.array(peer, { minLength: 1, maxLength: 8 }).chain((pool) =>
      fc.array(fc.tuple(fc.nat(pool.length - 1), fc.nat(pool.length - 1)).map(([s, d]) => ({ src: pool[s], dst: pool[d] })), { maxLength: 40 }),
    );
    fc.assert(
      fc.property(pairs, (list) => {
        const want = [...list].sort((a, b) => comparePeers(a.src, b.src) || comparePeers(a.dst, b.dst));
        const got = [...list];
        sortByPeers(got);
        expect(got.length).toBe(want.length);
        got.forEach((p, i) => expect(p).toBe(want[i]));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
