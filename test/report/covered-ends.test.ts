/**
 * A list of ends naming a set beside its own subset (`q/[all pods] and q/[pod with {tenant=minio}]`), or a set
 * told in parts beside them (`X (except Y) and Y`), is that set (report/covered-ends.ts; HomeLab 06330a28,
 * longhorn 93061470). The property: for random lists of pods with exceptions and a random pod, the folded list
 * names the pod exactly when the list did (a fold never widens nor narrows what a line says).
 */
import fc from 'fast-check';
import type { AbstractPeer, LabelSelector, PeerRef, Requirement } from '../../src/engine/index.js';
import { abstractPeer, abstractPeerMatches, containsBySelectors, peerId } from '../../src/engine/index.js';
import { foldCoveredEnds } from '../../src/report/covered-ends.js';
import { params, runs } from '../property/harness.js';

const sel = (matchLabels: Record<string, string> = {}, expressions: Requirement[] = []): LabelSelector => ({ matchLabels, expressions });
const pods = (peer: AbstractPeer, except?: AbstractPeer[]): PeerRef => ({ type: 'pods', peer, ...(except ? { except } : {}) });
const ids = (ends: readonly PeerRef[]) => ends.map(peerId);

const all = abstractPeer('q', sel());
const minio = abstractPeer('q', sel({ tenant: 'minio' }));
const ctl = abstractPeer('q', sel({ app: 'ctl', tier: 'x' }));

describe('foldCoveredEnds', () => {
  it('a set beside its own subset is the set; what the subset held moves to it', () => {
    const folded = foldCoveredEnds([pods(all), pods(minio)]);
    expect(ids(folded.ends)).toEqual(['q/[all pods]']);
    expect([...folded.into]).toEqual([['q/[pod with {tenant=minio}]', 'q/[all pods]']]);
  });

  it('X (except Y) beside Y is X', () => {
    const folded = foldCoveredEnds([pods(all, [ctl]), pods(ctl), { type: 'workload', workload: { id: 'q/w[Deployment]' } } as unknown as PeerRef]);
    expect(ids(folded.ends)).toEqual(['q/[all pods]', 'q/w[Deployment]']);
    expect(folded.into.get('q/[all pods] (except q/[pod with {app=ctl,tier=x}])')).toBe('q/[all pods]');
  });

  it('X (except Y) beside a part that does not hold Y, or beside pods of another namespace, stays', () => {
    const part = abstractPeer('q', sel({ app: 'ctl', tier: 'x', zone: 'z' }));
    expect(ids(foldCoveredEnds([pods(all, [ctl]), pods(part)]).ends)).toEqual(['q/[all pods] (except q/[pod with {app=ctl,tier=x}])', 'q/[pod with {app=ctl,tier=x,zone=z}]']);
    const other = abstractPeer('r', sel({ app: 'ctl', tier: 'x' }));
    expect(ids(foldCoveredEnds([pods(all, [ctl]), pods(other)]).ends)).toHaveLength(2);
    expect(ids(foldCoveredEnds([pods(minio), pods(ctl)]).ends)).toHaveLength(2);
  });

  it('X (except E1, E2) needs both parts', () => {
    const e2 = abstractPeer('q', sel({ tenant: 'minio', app: 'm' }));
    expect(ids(foldCoveredEnds([pods(all, [ctl, e2]), pods(ctl)]).ends)).toHaveLength(2);
    expect(ids(foldCoveredEnds([pods(all, [ctl, e2]), pods(ctl), pods(minio)]).ends)).toEqual(['q/[all pods]']);
  });

  // Random lists over a small label pool (In, NotIn, Exists, DoesNotExist), with random exceptions: the pods a
  // list names, asked of random pods, are those its fold names.
  it('names exactly the pods the list named', () => {
    const keys = ['app', 'tier'];
    const values = ['a', 'b'];
    const req: fc.Arbitrary<Requirement> = fc.record({
      key: fc.constantFrom(...keys),
      op: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist') as fc.Arbitrary<Requirement['op']>,
      values: fc.subarray(values, { minLength: 1 }),
    }).map((r) => (r.op === 'Exists' || r.op === 'DoesNotExist' ? { ...r, values: [] } : r));
    const peer: fc.Arbitrary<AbstractPeer> = fc.record({
      ns: fc.constantFrom('q', 'r'),
      labels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }),
      exprs: fc.array(req, { maxLength: 1 }),
    }).map(({ ns, labels, exprs }) => abstractPeer(ns, sel(labels, exprs)));
    const end: fc.Arbitrary<PeerRef> = fc.record({ p: peer, except: fc.array(peer, { maxLength: 2 }) }).map(({ p, except }) => pods(p, except.length ? except : undefined));
    // Lists that hold an end's exceptions as ends of their own, so that folds happen often.
    const list = fc.array(end, { minLength: 1, maxLength: 5 }).map((ends) => [...ends, ...ends.flatMap((e) => (e.type === 'pods' ? (e.except ?? []).slice(0, 1).map((x) => pods(x)) : []))]);
    const pod = fc.record({ ns: fc.constantFrom('q', 'r'), labels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }) });
    const names = (ends: readonly PeerRef[], p: { ns: string; labels: Record<string, string> }) =>
      ends.some((e) => e.type === 'pods' && abstractPeerMatches(e.peer, { 'kubernetes.io/metadata.name': p.ns }, p.labels) && !(e.except ?? []).some((x) => abstractPeerMatches(x, { 'kubernetes.io/metadata.name': p.ns }, p.labels)));
    let folds = 0;
    fc.assert(
      fc.property(list, fc.array(pod, { minLength: 8, maxLength: 8 }), (ends, asked) => {
        const folded = foldCoveredEnds(ends).ends;
        if (folded.length < new Set(ids(ends)).size) folds++;
        for (const p of asked) expect(names(folded, p)).toBe(names(ends, p));
      }),
      params(runs(300)),
    );
    expect(folds).toBeGreaterThan(0);
  });

  // The fold finds holders through an index (a list of thousands of regions once took minutes); it must choose
  // exactly what the definition chooses: the first end, in list order, that holds an end.
  it('chooses the holders the definition chooses, in list order', () => {
    const keys = ['app', 'tier', 'zone'];
    const values = ['a', 'b'];
    const peer = fc
      .record({ ns: fc.constantFrom('q', 'r'), labels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 }) })
      .map(({ ns, labels }) => abstractPeer(ns, sel(labels)));
    const end = fc.record({ p: peer, except: fc.array(peer, { maxLength: 2 }) }).map(({ p, except }) => pods(p, except.length ? except : undefined));
    fc.assert(
      fc.property(fc.array(end, { minLength: 2, maxLength: 12 }), (ends) => {
        const folded = foldCoveredEnds(ends);
        const expected = definedFold(ends);
        expect(ids(folded.ends)).toEqual(ids(expected.ends));
        expect([...folded.into].sort()).toEqual([...expected.into].sort());
      }),
      params(runs(500)),
    );
  });
});

/** foldCoveredEnds as its doc comment defines it, testing every pair of ends (quadratic). */
function definedFold(ends: readonly PeerRef[]): { ends: PeerRef[]; into: Map<string, string> } {
  type Pods = PeerRef & { type: 'pods' };
  const isPods = (p: PeerRef): p is Pods => p.type === 'pods';
  const plain = (x: Pods) => !x.except?.length;
  const into = new Map<string, string>();
  const whole = ends.map((x): PeerRef => {
    if (!isPods(x) || plain(x)) return x;
    const parts = ends.filter((y): y is Pods => y !== x && isPods(y) && plain(y) && containsBySelectors(x.peer, y.peer));
    if (!x.except!.every((e) => parts.some((y) => containsBySelectors(y.peer, e)))) return x;
    const told: Pods = { type: 'pods', peer: x.peer };
    into.set(peerId(x), peerId(told));
    return told;
  });
  const dropped = new Set<number>();
  whole.forEach((y, i) => {
    if (!isPods(y)) return;
    const j = whole.findIndex((x, j) => j !== i && !dropped.has(j) && isPods(x) && plain(x) && peerId(x) !== peerId(y) && containsBySelectors(x.peer, y.peer));
    if (j < 0) return;
    dropped.add(i);
    into.set(peerId(y), peerId(whole[j]));
    into.set(peerId(ends[i]), peerId(whole[j]));
  });
  const seen = new Set<string>();
  const kept = whole.filter((p, i) => !dropped.has(i) && !seen.has(peerId(p)) && (seen.add(peerId(p)), true));
  const out = new Map<string, string>();
  for (const from of into.keys()) {
    let to = into.get(from)!;
    while (into.has(to) && into.get(to) !== to) to = into.get(to)!;
    if (to !== from) out.set(from, to);
  }
  return { ends: kept, into: out };
}
