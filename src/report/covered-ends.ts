/**
 * A line's list of ends (its subjects, or its other ends) that names some pods twice reads as two sets:
 * `q/[all pods] and q/[pod with {tenant=minio}]` (a set and its own subset), `ingress-nginx/[all pods]
 * (except ingress-nginx/[pod with {app=controller}]) and ingress-nginx/[pod with {app=controller}]` (a set
 * told in two parts). The list names the same pods as `q/[all pods]`, `ingress-nginx/[all pods]`; a line says
 * the same of every end of its list (abstract-groups.ts: one change, one direction), so nothing is lost.
 * Containment is judged by the selectors' text (engine containsBySelectors, as selectorKeys subsets: every requirement of the outer
 * end is one of the inner's), never by overlapping values, so a fold is exact or not made.
 */
import type { PeerRef } from '../engine/index.js';
import { peerId, selectorKeys } from '../engine/index.js';

type Pods = PeerRef & { readonly type: 'pods' };

export interface CoveredEnds {
  /** `ends` in their order, less those another end holds; an end whose every exception the list holds, without its exceptions. */
  readonly ends: PeerRef[];
  /** Id of an end dropped or told without its exceptions → id of the end that now names its pods (to move what a line keeps per end: `today`). */
  readonly into: ReadonlyMap<string, string>;
}

const isPods = (p: PeerRef): p is Pods => p.type === 'pods';

/**
 * `ends` with (1) an end `X (except E1, …)` told as X when each Ei is held by another end Y of the list that X
 * holds and that has no exceptions (X∖E ∪ Y = X when X∩E ⊆ Y ⊆ X), then (2) every `pods` end dropped that
 * an end of the list without exceptions holds (Y ⊆ X: X ∪ Y = X). Workloads and addresses stay as they are.
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
    if (!x.except!.every(covered)) return x;
    const told: Pods = { type: 'pods', peer: x.peer };
    into.set(ids[i], peerId(told));
    return told;
  });
  const wholeIds = whole.map((p, i) => (p === ends[i] ? ids[i] : peerId(p)));
  // An end is dropped into one that is not dropped (an end kept stays kept), so `into` has no cycle.
  const dropped = new Set<number>();
  // Usually no end was told whole: the index of `ends` serves.
  const wholeHolders = whole.every((p, i) => p === ends[i]) ? holders : new Holders(whole.map((x) => (isPods(x) && plain(x) ? x : undefined)));
  for (let i = 0; i < whole.length; i++) {
    const y = whole[i];
    if (!isPods(y)) continue;
    const j = wholeHolders.holding(selectorKeys(y.peer), (j) => j !== i && !dropped.has(j) && wholeIds[j] !== wholeIds[i]);
    if (j < 0) continue;
    dropped.add(i);
    into.set(wholeIds[i], wholeIds[j]);
    into.set(ids[i], wholeIds[j]);
  }
  const seen = new Set<string>();
  const kept = whole.filter((_, i) => {
    if (dropped.has(i) || seen.has(wholeIds[i])) return false;
    seen.add(wholeIds[i]);
    return true;
  });
  return { ends: kept, into: resolved(into) };
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

/** Each id mapped to the end it ends up in (an end dropped into one dropped later: the later one's). */
function resolved(into: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const from of into.keys()) {
    let to = into.get(from)!;
    while (into.has(to) && into.get(to) !== to) to = into.get(to)!;
    if (to !== from) out.set(from, to);
  }
  return out;
}
