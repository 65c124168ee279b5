/**
 * A line's list of ends (its subjects, or its other ends) that names some pods twice reads as two sets:
 * `q/[all pods] and q/[pod with {tenant=minio}]` (a set and its own subset), `ingress-nginx/[all pods]
 * (except ingress-nginx/[pod with {app=controller}]) and ingress-nginx/[pod with {app=controller}]` (a set
 * told in two parts), `[namespace with {team=backend}]/[all pods] (except …, api/[all pods]) and [namespace
 * with {team=backend}]/[all pods] (except …, api/[pod with {app=orders}])` (the first less more than the
 * second: its subset). The list names the same pods as `q/[all pods]`, `ingress-nginx/[all pods]`, the
 * second end alone; a line says the same of every end of its list (abstract-groups.ts: one change, one
 * direction), so nothing is lost. Text and Markdown only: the JSON keeps every pair.
 * Containment is judged by the selectors' text (engine containsBySelectors, as selectorKeys subsets: every
 * requirement of the outer end is one of the inner's; mayOverlapBySelectors for requirements that cannot
 * hold together), never by the manifests' namespaces nor by region representatives, so a fold is exact or
 * not made: an end is dropped only when another end of the list names each of its pods.
 */
import type { PeerRef } from '../engine/index.js';
import { mayOverlapBySelectors, peerId, selectorKeys } from '../engine/index.js';

type Pods = PeerRef & { readonly type: 'pods' };

export interface CoveredEnds {
  /** `ends` in their order, less those another end holds; an end without the exceptions other ends of the list hold. */
  readonly ends: PeerRef[];
  /** Id of an end dropped or told with fewer exceptions → id of the end that now names its pods (to move what a line keeps per end: `today`). */
  readonly into: ReadonlyMap<string, string>;
}

const isPods = (p: PeerRef): p is Pods => p.type === 'pods';

/**
 * `ends` with (1) an exception Ei of an end `X (except E1, …)` left out when another end Y of the list that X
 * holds, without exceptions, holds Ei (X∖E ∪ Y = X∖(E less Ei) ∪ Y when X∩Ei ⊆ Y ⊆ X), the end told as X
 * when that leaves none; then (2) every `pods` end `Y (except B…)` dropped that another end `X (except A…)`
 * of the list holds: X holds Y, and each Ai holds no pod of Y, or none of Y's that some Bj leaves out (every
 * requirement of Bj is one of Y's or Ai's), so Y∖B ⊆ X∖A. Of ends naming the same pods, one is kept (the
 * later in the list; of equal ids, the first). Workloads and addresses stay as they are.
 */
export function foldCoveredEnds(ends: readonly PeerRef[]): CoveredEnds {
  const into = new Map<string, string>();
  if (ends.filter(isPods).length < 2) return { ends: [...ends], into };
  const plain = (x: Pods) => !x.except?.length;
  const ids = ends.map(peerId);
  const holders = new Holders(ends.map((x) => (isPods(x) && plain(x) ? x : undefined)));
  const whole = ends.map((x, i): PeerRef => {
    if (!isPods(x) || plain(x)) return x;
    const outer = selectorKeys(x.peer);
    // A part is a plain end X holds (outer ⊆ part) that holds the exception (part ⊆ exception), other than X.
    const covered = (e: Pods['peer']) => holders.holding(selectorKeys(e), (j) => j !== i && subset(outer, holders.keys[j]!)) >= 0;
    const left = x.except!.filter((e) => !covered(e));
    if (left.length === x.except!.length) return x;
    const told: Pods = left.length ? { type: 'pods', peer: x.peer, except: left } : { type: 'pods', peer: x.peer };
    into.set(ids[i], peerId(told));
    return told;
  });
  const wholeIds = whole.map((p, i) => (p === ends[i] ? ids[i] : peerId(p)));
  // An end is dropped into one whose id is not dropped then (it may be later: `resolved` follows the chain);
  // an end whose id was dropped goes with it. So no chain of drops comes back to where it started.
  const dropped = new Set<number>();
  const droppedIds = new Set<string>();
  // Usually every end is plain and none was told anew: the index of `ends` serves.
  const same = whole.every((p, i) => p === ends[i] && (!isPods(p) || plain(p)));
  const wholeHolders = same ? holders : new Holders(whole.map((x) => (isPods(x) ? x : undefined)));
  for (let i = 0; i < whole.length; i++) {
    const y = whole[i];
    if (!isPods(y)) continue;
    if (droppedIds.has(wholeIds[i])) {
      dropped.add(i);
      continue;
    }
    const j = wholeHolders.holding(selectorKeys(y.peer), (j) => j !== i && !droppedIds.has(wholeIds[j]) && wholeIds[j] !== wholeIds[i] && spares(whole[j] as Pods, y));
    if (j < 0) continue;
    dropped.add(i);
    droppedIds.add(wholeIds[i]);
    into.set(wholeIds[i], wholeIds[j]);
    into.set(ids[i], wholeIds[j]);
  }
  const seen = new Set<string>();
  const kept = whole.filter((_, i) => {
    if (dropped.has(i) || seen.has(wholeIds[i])) return false;
    seen.add(wholeIds[i]);
    return true;
  });
  return { ends: kept, into: resolved(into, new Set(seen)) };
}

/**
 * Do `x`'s exceptions leave every pod of `y` alone (X holding Y is asked apart)? Each exception A holds no pod
 * of Y's selectors, or every pod of Y in A is one of Y's exceptions B (B's requirements among Y's and A's).
 */
function spares(x: Pods, y: Pods): boolean {
  if (!x.except?.length) return true;
  const own = selectorKeys(y.peer);
  return x.except.every((a) => {
    if (!mayOverlapBySelectors(a, y.peer)) return true;
    if (!y.except?.length) return false;
    const both = new Set([...own, ...selectorKeys(a)]);
    return y.except.some((b) => subset(selectorKeys(b), both));
  });
}

const subset = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size <= b.size && [...a].every((k) => b.has(k));

/**
 * The plain `pods` ends of a list indexed by one requirement each (the one fewest of them share), so the ends
 * that hold a given end are found among those filed under its own requirements, not by testing every end:
 * a list of thousands of regions folds in near-linear time.
 */
class Holders {
  readonly keys: (ReadonlySet<string> | undefined)[];
  private readonly byKey = new Map<string, number[]>();
  /** Ends with no requirement (`entire-cluster`): they hold every end. */
  private readonly unconditional: number[] = [];

  constructor(ends: readonly (Pods | undefined)[]) {
    this.keys = ends.map((x) => (x ? selectorKeys(x.peer) : undefined));
    const count = new Map<string, number>();
    for (const ks of this.keys) for (const k of ks ?? []) count.set(k, (count.get(k) ?? 0) + 1);
    this.keys.forEach((ks, j) => {
      if (!ks) return;
      let anchor: string | undefined;
      for (const k of ks) if (anchor === undefined || count.get(k)! < count.get(anchor)!) anchor = k;
      if (anchor === undefined) this.unconditional.push(j);
      else (this.byKey.get(anchor) ?? this.byKey.set(anchor, []).get(anchor)!).push(j);
    });
  }

  /** The lowest index of an indexed end whose requirements are a subset of `inner` and that `ok` accepts; -1 when none. */
  holding(inner: ReadonlySet<string>, ok: (j: number) => boolean): number {
    let best = -1;
    const consider = (j: number) => {
      if ((best < 0 || j < best) && subset(this.keys[j]!, inner) && ok(j)) best = j;
    };
    for (const j of this.unconditional) consider(j);
    for (const k of inner) for (const j of this.byKey.get(k) ?? []) consider(j);
    return best;
  }
}

/**
 * Each id mapped to the kept end it ends up in (an end dropped into one dropped later: the later one's). A
 * kept end's id may also be the id an end had before it was told with fewer exceptions: the chain stops there.
 */
function resolved(into: Map<string, string>, kept: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const from of into.keys()) {
    let to = into.get(from)!;
    // Bounded: a chain never repeats an id (see the drops), but a report must not hang if one did.
    for (let n = 0; n < into.size && !kept.has(to) && into.has(to) && into.get(to) !== to; n++) to = into.get(to)!;
    if (to !== from) out.set(from, to);
  }
  return out;
}
