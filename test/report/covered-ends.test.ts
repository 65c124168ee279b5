/**
 * A list of ends naming a set beside its own subset (`q/[all pods] and q/[pod with {tenant=minio}]`), or a set
 * told in parts beside them (`X (except Y) and Y`), is that set (report/covered-ends.ts; HomeLab 06330a28,
 * longhorn 93061470). The property: for random lists of pods with exceptions and a random pod, the folded list
 * names the pod exactly when the list did (a fold never widens nor narrows what a line says).
 */
import fc from 'fast-check';
import type { AbstractPeer, LabelSelector, PeerRef, Requirement } from '../../src/engine/index.js';
import { abstractPeer, abstractPeerMatches, containsBySelectors, mayOverlapBySelectors, peerId, selectorKeys } from '../../src/engine/index.js';
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

  it('X (except E1, E2) beside a part holding E2 is X (except E1); beside parts holding both, X', () => {
    const e2 = abstractPeer('q', sel({ tenant: 'minio', app: 'm' }));
    // ctl's pods are not E2's ({app=ctl} and {app=m} cannot both hold): X (except E2) holds the part too.
    const one = foldCoveredEnds([pods(all, [ctl, e2]), pods(ctl)]);
    expect(ids(one.ends)).toEqual(['q/[all pods] (except q/[pod with {app=m,tenant=minio}])']);
    expect(one.into.get('q/[pod with {app=ctl,tier=x}]')).toBe('q/[all pods] (except q/[pod with {app=m,tenant=minio}])');
    // A part that may hold E2's pods stays beside it.
    const zoned = abstractPeer('q', sel({ zone: 'z' }));
    const e3 = abstractPeer('q', sel({ app: 'e', tier: 'x' }));
    expect(ids(foldCoveredEnds([pods(all, [zoned, e3]), pods(zoned)]).ends)).toEqual(['q/[all pods] (except q/[pod with {app=e,tier=x}])', 'q/[pod with {zone=z}]']);
    expect(ids(foldCoveredEnds([pods(all, [ctl, e2]), pods(ctl), pods(minio)]).ends)).toEqual(['q/[all pods]']);
  });

  // new-user trial 45, c1: `[namespace with {team=backend}]/[all pods] (except …, api/[all pods]) and [namespace
  // with {team=backend}]/[all pods] (except …, api/[pod with {app=orders}])`: the first is the second's subset.
  describe('ends with exceptions', () => {
    const backend = abstractPeer(sel({ team: 'backend' }), sel());
    const others = abstractPeer(sel({ team: 'backend' }, [{ key: 'kubernetes.io/metadata.name', op: 'NotIn', values: ['api'] }]), sel({ app: 'orders' }));
    const api = abstractPeer('api', sel());
    const apiOrders = abstractPeer('api', sel({ app: 'orders' }));
    const apiUsers = abstractPeer('api', sel({ app: 'users' }));
    const smaller = pods(backend, [others, api]);
    const larger = pods(backend, [others, apiOrders]);

    it('an end less more than another (its subset) is dropped into it, in either order', () => {
      for (const list of [[smaller, larger], [larger, smaller]]) {
        const folded = foldCoveredEnds(list);
        expect(ids(folded.ends)).toEqual([peerId(larger)]);
        expect([...folded.into]).toEqual([[peerId(smaller), peerId(larger)]]);
      }
    });

    it('ends that are not subsets of each other stay', () => {
      const users = pods(backend, [others, apiUsers]);
      expect(ids(foldCoveredEnds([larger, users]).ends)).toEqual([peerId(larger), peerId(users)]);
      // Not held by its selectors' text: a namespace by name is not matched against its labels.
      expect(ids(foldCoveredEnds([pods(backend, [api]), pods(apiOrders)]).ends)).toHaveLength(2);
    });

    it('equal ends are named once', () => {
      expect(ids(foldCoveredEnds([larger, pods(backend, [others, apiOrders])]).ends)).toEqual([peerId(larger)]);
      // The same pods, the exceptions in another order: one of them.
      const swapped = pods(backend, [apiOrders, others]);
      const folded = foldCoveredEnds([larger, swapped]);
      expect(folded.ends).toHaveLength(1);
      expect(folded.into.size).toBe(1);
    });

    it('an end whose exceptions cannot hold pods of another end holds it', () => {
      const elsewhere = abstractPeer(sel({ team: 'backend' }, [{ key: 'kubernetes.io/metadata.name', op: 'NotIn', values: ['api'] }]), sel({ app: 'users' }));
      expect(ids(foldCoveredEnds([pods(elsewhere), pods(backend, [api])]).ends)).toEqual(['[namespace with {team=backend}]/[all pods] (except api/[all pods])']);
      // {team=backend} alone may be api's labels: kept.
      const anyBackend = abstractPeer(sel({ team: 'backend' }), sel({ app: 'users' }));
      expect(ids(foldCoveredEnds([pods(anyBackend), pods(backend, [api])]).ends)).toHaveLength(2);
    });
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
    // Lists that hold an end's exceptions as ends of their own, and the end less fewer (a set that holds it),
    // so that folds happen often.
    const list = fc.array(end, { minLength: 1, maxLength: 5 }).map((ends) => [
      ...ends,
      ...ends.flatMap((e) => (e.type === 'pods' ? (e.except ?? []).slice(0, 1).map((x) => pods(x)) : [])),
      ...ends.flatMap((e) => (e.type === 'pods' && (e.except?.length ?? 0) > 1 ? [pods(e.peer, e.except!.slice(1))] : [])),
    ]);
    const pod = fc.record({ ns: fc.constantFrom('q', 'r'), labels: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 }) });
    const names = (ends: readonly PeerRef[], p: { ns: string; labels: Record<string, string> }) =>
      ends.some((e) => e.type === 'pods' && abstractPeerMatches(e.peer, { 'kubernetes.io/metadata.name': p.ns }, p.labels) && !(e.except ?? []).some((x) => abstractPeerMatches(x, { 'kubernetes.io/metadata.name': p.ns }, p.labels)));
    let folds = 0;
    let intoExcepting = 0;
    fc.assert(
      fc.property(list, fc.array(pod, { minLength: 8, maxLength: 8 }), (ends, asked) => {
        const { ends: folded, into } = foldCoveredEnds(ends);
        if (folded.length < new Set(ids(ends)).size) folds++;
        if ([...into.values()].some((id) => id.includes(' (except '))) intoExcepting++;
        // What an end kept (`today`) moves to an end the line names.
        for (const to of into.values()) expect(ids(folded)).toContain(to);
        for (const p of asked) expect(names(folded, p)).toBe(names(ends, p));
      }),
      params(runs(300)),
    );
    expect(folds).toBeGreaterThan(0);
    expect(intoExcepting).toBeGreaterThan(0);
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
    const left = x.except!.filter((e) => !parts.some((y) => containsBySelectors(y.peer, e)));
    if (left.length === x.except!.length) return x;
    const told: Pods = left.length ? { type: 'pods', peer: x.peer, except: left } : { type: 'pods', peer: x.peer };
    into.set(peerId(x), peerId(told));
    return told;
  });
  // Y∖B ⊆ X∖A (X holding Y asked apart): each A cannot hold Y's pods, or Y's pods in A are in some B.
  const spared = (x: Pods, y: Pods) =>
    (x.except ?? []).every((a) => !mayOverlapBySelectors(a, y.peer) || (y.except ?? []).some((b) => [...selectorKeys(b)].every((k) => selectorKeys(y.peer).has(k) || selectorKeys(a).has(k))));
  const dropped = new Set<number>();
  const droppedIds = new Set<string>();
  whole.forEach((y, i) => {
    if (!isPods(y)) return;
    if (droppedIds.has(peerId(y))) return void dropped.add(i);
    const j = whole.findIndex((x, j) => j !== i && !droppedIds.has(peerId(x)) && isPods(x) && peerId(x) !== peerId(y) && containsBySelectors(x.peer, y.peer) && spared(x, y));
    if (j < 0) return;
    dropped.add(i);
    droppedIds.add(peerId(y));
    into.set(peerId(y), peerId(whole[j]));
    into.set(peerId(ends[i]), peerId(whole[j]));
  });
  const seen = new Set<string>();
  const kept = whole.filter((p, i) => !dropped.has(i) && !seen.has(peerId(p)) && (seen.add(peerId(p)), true));
  const out = new Map<string, string>();
  for (const from of into.keys()) {
    let to = into.get(from)!;
    // Bounded: a chain never repeats an id (see the drops), but a report must not hang if one did.
    for (let n = 0; n < into.size && !seen.has(to) && into.has(to) && into.get(to) !== to; n++) to = into.get(to)!;
    if (to !== from) out.set(from, to);
  }
  return { ends: kept, into: out };
}
