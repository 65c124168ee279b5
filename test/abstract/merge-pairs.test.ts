/**
 * Merging the pairs of one abstract peer (analysis/merge-pairs.ts) gives what folding them two by two
 * with `unitePairs` and adding each reason once by its JSON text gives: the same sets, port names,
 * reasons in the same order, and the same object for a group of one pair.
 */
import fc from 'fast-check';
import type { PairNames, Reason } from '../../src/engine/index.js';
import { ConnectionSet as Conns, PortSet, unitePairs } from '../../src/engine/index.js';
import { PairMerger, sameJson } from '../../src/analysis/merge-pairs.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import { params } from '../property/harness.js';

const conn = fc.option(
  fc.oneof(
    fc.constant(Conns.NONE),
    fc.constant(Conns.ALL),
    fc.tuple(fc.constantFrom('TCP', 'UDP') as fc.Arbitrary<'TCP' | 'UDP'>, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 })).map(([p, a, n]) => Conns.of(p, PortSet.range(a, a + n))),
  ),
  { nil: null },
);
const names = fc.uniqueArray(fc.constantFrom('TCP/http', 'TCP/metrics', 'UDP/dns', 'ANY/web'), { maxLength: 3 }).map((xs) => [...xs].sort());
const reason: fc.Arbitrary<Reason> = fc.oneof(
  fc.record({ kind: fc.constant('allowed-by-rule' as const), side: fc.constantFrom('base' as const, 'head' as const), direction: fc.constantFrom('ingress' as const, 'egress' as const), policy: fc.constantFrom('a/p', 'b/q'), rule: fc.integer({ min: 0, max: 2 }), ref: fc.record({ file: fc.constant('p.yaml'), line: fc.integer({ min: 1, max: 3 }) }) }),
  fc.record(
    { kind: fc.constant('isolated-by' as const), side: fc.constant('base' as const), direction: fc.constant('ingress' as const), policy: fc.constant('a/p'), ref: fc.constant({ file: 'p.yaml', line: 1 }), rules: fc.array(fc.record({ rule: fc.integer({ min: 0, max: 1 }), ref: fc.constant({ file: 'p.yaml', line: 4 }) }), { maxLength: 2 }), peerAllowed: fc.constant('TCP 53') },
    { requiredKeys: ['kind', 'side', 'direction', 'policy', 'ref'] },
  ),
);
const pair = fc.record({ base: conn, head: conn, opened: conn, closed: conn, names: fc.option(fc.record({ base: names, head: names, opened: names, closed: names }), { nil: undefined }), whyOpened: fc.array(reason, { maxLength: 4 }), whyClosed: fc.array(reason, { maxLength: 4 }) }).map(
  (x): ExplainedPair => ({
    src: { type: 'pods', peer: { namespace: 'a', podSelector: { matchLabels: {}, expressions: [] }, id: 'a/[all pods]' } },
    dst: { type: 'pods', peer: { namespace: 'b', podSelector: { matchLabels: {}, expressions: [] }, id: 'b/[all pods]' } },
    base: x.base,
    head: x.head,
    opened: x.opened,
    closed: x.closed,
    peerChanges: {},
    ...(x.names ? { namedPorts: x.names as PairNames } : {}),
    // Fresh objects, as explain gives them per pair.
    whyOpened: x.whyOpened.map((r) => structuredClone(r)),
    whyClosed: x.whyClosed.map((r) => structuredClone(r)),
  }),
);

/** The merge as it was written before: fold with unitePairs, reasons by JSON text. */
function foldMerge(pairs: readonly ExplainedPair[]): ExplainedPair {
  const [first, ...rest] = pairs;
  let m = first;
  const why = { whyOpened: [...first.whyOpened], whyClosed: [...first.whyClosed] };
  const seen = { whyOpened: new Set(why.whyOpened.map((r) => JSON.stringify(r))), whyClosed: new Set(why.whyClosed.map((r) => JSON.stringify(r))) };
  for (const b of rest) {
    for (const f of ['whyOpened', 'whyClosed'] as const) {
      for (const r of b[f]) if (!seen[f].has(JSON.stringify(r))) (seen[f].add(JSON.stringify(r)), why[f].push(r));
    }
    const { namedPorts: _n, namedSets: _s, ...others } = m;
    m = { ...others, ...unitePairs(m, b), whyOpened: why.whyOpened, whyClosed: why.whyClosed };
  }
  return m;
}

/** Sets by their JSON (canonical: equal sets, equal text). */
const text = (p: ExplainedPair) => JSON.stringify(p);

describe('PairMerger', () => {
  it('gives what folding with unitePairs and reasons by JSON text gives', () => {
    fc.assert(
      fc.property(fc.array(pair, { minLength: 1, maxLength: 6 }), (pairs) => {
        const merger = new PairMerger();
        for (const p of pairs) merger.add('k', p);
        const [got] = merger.pairs();
        expect(text(got)).toBe(text(foldMerge(pairs)));
        if (pairs.length === 1) expect(got).toBe(pairs[0]);
      }),
      params(300),
    );
  });

  it('keeps groups apart, in the order their keys were first met', () => {
    const [a, b, c] = fc.sample(pair, { numRuns: 3, seed: 7 });
    const merger = new PairMerger();
    merger.add('x', a);
    merger.add('y', b);
    merger.add('x', c);
    const out = merger.pairs();
    expect(out).toHaveLength(2);
    expect(text(out[0])).toBe(text(foldMerge([a, c])));
    expect(out[1]).toBe(b);
  });
});

describe('sameJson', () => {
  it('is true only where the JSON texts are equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        if (sameJson(a, b)) expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      params(500),
    );
  });

  it('says false, leaving the texts to decide, for key order, undefined values, holes and class instances', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(false);
    // eslint-disable-next-line no-sparse-arrays
    expect(sameJson([1, , 3], [1, 2, 3])).toBe(false);
    expect(sameJson(Conns.ALL, Conns.NONE)).toBe(false);
    expect(sameJson({ rules: [{ rule: 0 }] }, { rules: [{ rule: 1 }] })).toBe(false);
    expect(sameJson({ rules: [{ rule: 0 }] }, { rules: [{ rule: 0 }] })).toBe(true);
  });
});
