/**
 * Pairs of one abstract peer merged: an abstract peer stands for every region it names, so its sets are
 * the union over them (numbers and port names, exactly: `exactConns`, as `unitePairs`), and its reasons
 * too (each once, in the order met; a policy isolating several of the regions is said once, with what it
 * allowed any of them). The sets are united as they come and written once; the reasons' texts are only
 * computed for groups of more than one pair.
 */
import type { ConnectionSet, PairField, Reason } from '../engine/index.js';
import { NamedConns, conditionalKeys, decidedNames, exactConns, isolatedBy, pairConns, peerAllowedSet } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

const FIELDS = ['base', 'head', 'opened', 'closed'] as const satisfies readonly PairField[];

/**
 * Reasons gathered once each (by their JSON text). The pairs of a group mostly give the same reasons in the
 * same order, each a new object: a reason equal to the one at its place in the previous list is known
 * without computing its text (every reason met so far has the text of one in `list`).
 */
class ReasonList {
  private seen: Set<string> | undefined;
  /** Per `isolatedKey`, the index in `list` of that reason (built on the first `isolated-by` added). */
  private isolated: Map<string, number> | undefined;
  private last: readonly Reason[];

  constructor(readonly list: Reason[]) {
    this.last = list.slice();
  }

  add(more: readonly Reason[]): void {
    more.forEach((r, i) => {
      if (i < this.last.length && sameJson(r, this.last[i])) return;
      const seen = (this.seen ??= new Set(this.list.map((x) => JSON.stringify(x))));
      const k = JSON.stringify(r);
      if (seen.has(k)) return;
      seen.add(k);
      if (!this.unite(r, seen)) this.list.push(r);
    });
    this.last = more;
  }

  /**
   * An `isolated-by` of a policy already listed (same side, direction, rules) with another `peerAllowed`,
   * from another region of the merged peer: that reason becomes one whose `peerAllowed` is the union (what
   * the policy allowed any part of the peer), not a second line. False when `r` is to be added as it is.
   */
  private unite(r: Reason, seen: Set<string>): boolean {
    const set = peerAllowedSet(r);
    if (r.kind !== 'isolated-by' || set === undefined) return false;
    const byKey = (this.isolated ??= isolatedIndex(this.list));
    const k = isolatedKey(r);
    const at = byKey.get(k);
    const kept = at === undefined ? undefined : this.list[at];
    const keptSet = kept && peerAllowedSet(kept);
    if (at === undefined || kept?.kind !== 'isolated-by' || keptSet === undefined) {
      if (at === undefined) byKey.set(k, this.list.length);
      return false;
    }
    const { peerAllowed: _old, ...fields } = kept;
    const united = isolatedBy(fields, keptSet.union(set));
    this.list[at] = united;
    seen.add(JSON.stringify(united));
    return true;
  }
}

/** An `isolated-by` reason's text without its `peerAllowed`: the reasons `ReasonList.unite` makes one. */
function isolatedKey(r: Reason & { kind: 'isolated-by' }): string {
  return JSON.stringify({ ...r, peerAllowed: undefined });
}

/** Where each `isolated-by` key is first listed (those whose set is known). */
function isolatedIndex(list: readonly Reason[]): Map<string, number> {
  const out = new Map<string, number>();
  list.forEach((r, i) => {
    if (r.kind === 'isolated-by' && peerAllowedSet(r) !== undefined && !out.has(isolatedKey(r))) out.set(isolatedKey(r), i);
  });
  return out;
}

/**
 * Whether two values surely have the same JSON text: the same primitives, or plain objects and arrays
 * with the same keys in the same order and such values. `false` may still be the same text (a key whose
 * value is undefined, a class instance, an own `toJSON`): the caller then compares texts.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (!plain(a) || !plain(b)) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(x);
  const others = Object.keys(y);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== others[i] || keys[i] === 'toJSON' || !sameJson(x[keys[i]], y[keys[i]])) return false;
  return true;
}

/** An object literal (of any realm) or a prototype-less object: JSON writes its own keys as they are. */
function plain(o: object): boolean {
  const proto: unknown = Object.getPrototypeOf(o);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Pairs merged under keys: `add(key, pair)`, then `pairs()` in the order their keys were first met. */
export class PairMerger<K = string> {
  private readonly groups = new Map<K, Group>();

  add(key: K, p: ExplainedPair): void {
    const g = this.groups.get(key);
    if (g) g.add(p);
    else this.groups.set(key, new Group(p));
  }

  pairs(): ExplainedPair[] {
    return [...this.groups.values()].map((g) => g.pair());
  }

  /** `pairs()` with their keys. */
  entries(): [K, ExplainedPair][] {
    return [...this.groups].map(([k, g]) => [k, g.pair()]);
  }
}

class Group {
  /** The fields united: numbers alone while no pair of the group carries port names, else with the names. */
  private numbers: (ConnectionSet | null)[] | undefined;
  private united: (NamedConns | null)[] | undefined;
  /** With `united`: the names some pair lists with numbers in its base and head (`decidedNames`). */
  private decided: { readonly base: Set<string>; readonly head: Set<string> } | undefined;
  private whyOpened: ReasonList | undefined;
  private whyClosed: ReasonList | undefined;
  /** Set once a member is a reduced pair (PairDiff `whole`): the members' whole sets united, each member's own where it has none. */
  private whole: { base: NamedConns | null; head: NamedConns | null } | undefined;
  /** The members' whole sets met so far, while none was reduced (kept to unite once one is). */
  private plainWholes: ExplainedPair[] | undefined;

  constructor(private readonly first: ExplainedPair) {}

  add(b: ExplainedPair): void {
    this.addWhole(b);
    if (!this.united && !this.first.namedPorts && !b.namedPorts) {
      const numbers = (this.numbers ??= FIELDS.map((f) => this.first[f]));
      FIELDS.forEach((f, i) => {
        const [x, y] = [numbers[i], b[f]];
        numbers[i] = x && y ? x.union(y) : (x ?? y);
      });
    } else {
      const united = (this.united ??= this.numbers ? this.numbers.map((c) => c && NamedConns.of(c)) : FIELDS.map((f) => exactConns(this.first, f)));
      const decided = (this.decided ??= { base: conditionalKeys(this.first.namedPorts?.base), head: conditionalKeys(this.first.namedPorts?.head) });
      if (b.namedPorts) for (const f of ['base', 'head'] as const) for (const k of conditionalKeys(b.namedPorts[f])) decided[f].add(k);
      FIELDS.forEach((f, i) => {
        const [x, y] = [united[i], exactConns(b, f)];
        // The same set object (a quarter of the 10k diff's unions): its union with itself is itself.
        united[i] = x && y ? (x === y ? x : x.union(y)) : (x ?? y);
      });
    }
    (this.whyOpened ??= new ReasonList([...this.first.whyOpened])).add(b.whyOpened);
    (this.whyClosed ??= new ReasonList([...this.first.whyClosed])).add(b.whyClosed);
  }

  /** PairDiff `whole` across the members: only when some member has it (a pair's own base and head stand for it otherwise). */
  private addWhole(b: ExplainedPair): void {
    if (!this.whole && !this.first.whole && !b.whole) {
      (this.plainWholes ??= []).push(b);
      return;
    }
    const own = (p: ExplainedPair) => p.whole ?? { base: pairConns(p, 'base'), head: pairConns(p, 'head') };
    const unite = (x: NamedConns | null, y: NamedConns | null) => (x && y ? x.union(y) : (x ?? y));
    let w = this.whole ?? own(this.first);
    for (const p of [...(this.plainWholes ?? []), b]) {
      const o = own(p);
      w = { base: unite(w.base, o.base), head: unite(w.head, o.head) };
    }
    this.whole = w;
    this.plainWholes = undefined;
  }

  /** The first pair as it came when alone; otherwise its other fields with the united sets and reasons. */
  pair(): ExplainedPair {
    if (!this.whyOpened) return this.first;
    const united = this.united;
    const [base, head, opened, closed] = united ? united.map((u) => (u ? u.conn : null)) : this.numbers!;
    const { namedPorts: _names, namedSets: _sets, whole: _whole, ...rest } = this.first;
    const sets = united?.map((u) => u ?? NamedConns.NONE);
    const namedSets = sets?.some((u) => u.names.length > 0) ? { base: sets[0], head: sets[1], opened: sets[2], closed: sets[3] } : undefined;
    return {
      ...rest,
      base,
      head,
      opened,
      closed,
      // Each name's condition as the pairs' own names decided it (a subtracted or united set is not a numbered rule).
      ...(namedSets && this.decided ? { namedPorts: decidedNames(namedSets, this.decided), namedSets } : {}),
      whyOpened: this.whyOpened!.list,
      whyClosed: this.whyClosed!.list,
      ...(this.whole ? { whole: this.whole } : {}),
    };
  }
}
