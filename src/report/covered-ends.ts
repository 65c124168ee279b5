/**
 * A line's list of ends (its subjects, or its other ends) that names some pods twice reads as two sets:
 * `q/[all pods] and q/[pod with {tenant=minio}]` (a set and its own subset), `ingress-nginx/[all pods]
 * (except ingress-nginx/[pod with {app=controller}]) and ingress-nginx/[pod with {app=controller}]` (a set
 * told in two parts). The list names the same pods as `q/[all pods]`, `ingress-nginx/[all pods]`; a line says
 * the same of every end of its list (abstract-groups.ts: one change, one direction), so nothing is lost.
 * Containment is judged by the selectors' text (engine containsBySelectors: every requirement of the outer
 * end is one of the inner's), never by overlapping values, so a fold is exact or not made.
 */
import type { PeerRef } from '../engine/index.js';
import { containsBySelectors, peerId } from '../engine/index.js';

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
  const whole = ends.map((x): PeerRef => {
    if (!isPods(x) || plain(x)) return x;
    const parts = ends.filter((y): y is Pods => y !== x && isPods(y) && plain(y) && containsBySelectors(x.peer, y.peer));
    if (!x.except!.every((e) => parts.some((y) => containsBySelectors(y.peer, e)))) return x;
    const told: Pods = { type: 'pods', peer: x.peer };
    into.set(peerId(x), peerId(told));
    return told;
  });
  // An end is dropped into one that is not dropped (an end kept stays kept), so `into` has no cycle.
  const dropped = new Set<number>();
  for (let i = 0; i < whole.length; i++) {
    const y = whole[i];
    if (!isPods(y)) continue;
    const j = whole.findIndex((x, j) => j !== i && !dropped.has(j) && isPods(x) && plain(x) && peerId(x) !== peerId(y) && containsBySelectors(x.peer, y.peer));
    if (j < 0) continue;
    dropped.add(i);
    const to = peerId(whole[j]);
    into.set(peerId(y), to);
    into.set(peerId(ends[i]), to);
  }
  const seen = new Set<string>();
  const kept = whole.filter((p, i) => {
    if (dropped.has(i) || seen.has(peerId(p))) return false;
    seen.add(peerId(p));
    return true;
  });
  return { ends: kept, into: resolved(into) };
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
