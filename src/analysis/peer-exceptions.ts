/**
 * A report line named after a rule peer (`[namespace with {team=x}]/[all pods]`, `entire-cluster` for a
 * rule without peers) says its change of every pod the peer holds. The diff's pairs are per region, and
 * the line unites the regions whose traffic changed; regions of the peer whose traffic with the line's
 * other ends did not change as the line says are not in it: pods whose own egress (ingress) denies the
 * path on both sides, pods another policy allowed it on both sides. Those regions are the line's
 * exceptions, named in the peer tools' notation, coarsest first: a namespace all of whose regions of the
 * peer are exceptions by its name (`locked/[all pods]`), else each region by its own exact name
 * (`RegionSet.nameOf`). The line then reads `P (except locked/[all pods])` (JSON: the peer's own id and
 * `except`).
 *
 * A region is told by the line when, with each other end of the line as met (a region or a workload, by
 * its classes), its change holds the line's: every port number the line opens opens for it, every one it
 * closes closes; and for each port name the line gives toward a region (a name is numbered by each pod),
 * what a port of that name gets must have changed so too, not been allowed on both sides (a hedge says
 * numbers only): a Kustomize `commonLabels: {env: prod}` that narrows `from: app=worker` on `port: http`
 * closes http for the other workers only. Regions a workload represents are asked too: the workload's own
 * pair is listed apart, but the line's name holds its pods.
 */
import type { AbstractPeer, Connectivity, PeerRef, RegionSet } from '../engine/index.js';
import type { RegionMembership } from './represented-regions.js';
import { ConnectionSet, EVERYTHING, EXCEPTIONS_NAMED, NamedConns, abstractPeer, pairConns, regionPairConns, sideConn } from '../engine/index.js';
import { policySelectors, selectorCover } from './selector-cover.js';
import type { ExplainedPair } from './types.js';

/** An end of a line: the regions it unites, the other ends it met (their classes on both sides, -1: absent), and its change. */
export interface LineEnd {
  readonly end: 'src' | 'dst';
  readonly regions: ReadonlySet<number>;
  readonly others: readonly { readonly base: number; readonly head: number }[];
  /** The other ends as the diff met them (`others` holds their classes): what a verdict kept across pushes is keyed by (exceptions-reuse.ts). */
  readonly otherEnds: readonly PeerRef[];
  /** The line's opened and closed port numbers. */
  readonly opened: ConnectionSet;
  readonly closed: ConnectionSet;
  /** Where the line's change names ports (toward regions): its opened and closed sets with the names (engine/named-conns.ts). */
  readonly named?: { readonly opened: NamedConns; readonly closed: NamedConns };
}

/**
 * A line of fewer regions than EXCEPTIONS_NAMED (the exceptions text and Markdown name in full,
 * engine/peers.ts) whose exceptions take more names is told region by region instead (each by its exact
 * name): fewer names than `P (except …)`. Wider lines keep the peer and every exception, however many (the
 * JSON lists them), so that a rule to `entire-cluster` that some namespaces' own policies deny stays one
 * line, not one per region.
 */

/**
 * What a line named after a rule peer says of it: `except`, the peer's pods it does not speak of, named;
 * `detached`, regions of the line told apart by their own exact names (`RegionSet.nameOf`), so that a
 * namespace most of whose regions of the peer are exceptions is one exception (`shop/[all pods]`) rather
 * than one per region, its few changed regions lines of their own.
 */
export interface PeerExceptions {
  readonly except: readonly AbstractPeer[];
  readonly detached: ReadonlySet<number>;
  /** What some of the peer's pods the line tells had on both sides of its change (another rule allowed it already): `ExplainedPair.unchangedForSome`. */
  readonly masked?: ConnectionSet;
  /** For a line that opens and closes: the exceptions of each change alone (`except` holds both). */
  readonly byChange?: { readonly opened: readonly AbstractPeer[]; readonly closed: readonly AbstractPeer[] };
}

const NONE: PeerExceptions = { except: [], detached: new Set() };

/** What `told` finds of a region: whether it has all the line opens, all it closes, and what it had on both sides. */
export interface Told {
  readonly opened: boolean;
  readonly closed: boolean;
  readonly masked: ConnectionSet;
  /** With every other end, the region had all of the line's change on both sides: its traffic there did not change. */
  readonly unchanged: boolean;
}

/**
 * The verdicts that had nothing on both sides (`masked` NONE), one object each: most of a diff's verdicts
 * (~65k in the bench's 10k diff, each kept per line signature) are these, which then cost no allocation
 * and nothing for the collector to copy. Indexed `opened * 4 + closed * 2 + unchanged`.
 */
const PLAIN_TOLD: readonly Told[] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => Object.freeze({ opened: (i & 4) !== 0, closed: (i & 2) !== 0, masked: ConnectionSet.NONE, unchanged: (i & 1) !== 0 }));

/**
 * What a region's verdict depends on besides the region: the line's end, other ends' classes and change,
 * with its port names only where they add ports to its numbers (`namesMatter`): names that add none are
 * told of any pair (`namesChanged`), so `told` never reads them, and such a line shares the verdicts,
 * classification and answers of the same line without names (the bench's 10k diff: 109 classifications of
 * a peer's regions instead of 150).
 */
export function lineSignature(line: Pick<LineEnd, 'end' | 'others' | 'opened' | 'closed' | 'named'>): string {
  const others = line.others.map((o) => `${o.base},${o.head}`).join(';');
  const matter = line.named && namesMatter(line.named);
  const names = line.named && matter && (matter.opened || matter.closed) ? `${line.named.opened.key}|${line.named.closed.key}` : '';
  return `${line.end}|${line.opened.key}|${line.closed.key}|${names}|${others}`;
}

/**
 * Whether a pair went from `before` to `after` as `change` says for each port name it gives: what the name
 * adds to the change's numbers is allowed after and was not before. A name allowed on both sides is not
 * told (a hedge such as `unchangedForSome` holds numbers only): the region is an exception.
 */
function namesChanged(change: NamedConns, before: NamedConns, after: NamedConns): boolean {
  for (const name of change.portNames()) {
    const added = change.forName(name).subtract(change.conn);
    if (added.isEmpty()) continue;
    if (!added.subtract(after.forName(name)).isEmpty() || !added.intersect(before.forName(name)).isEmpty()) return false;
  }
  return true;
}

/** Whether some port name of a change adds ports to its numbers (else `namesChanged` holds of any pair). */
function namesAdd(change: NamedConns): boolean {
  return change.portNames().some((name) => !change.forName(name).subtract(change.conn).isEmpty());
}

/** `namesAdd` of a line's opened and closed names, per line's names object (a line's regions ask it each). */
const namesMatterOf = new WeakMap<NonNullable<LineEnd['named']>, { readonly opened: boolean; readonly closed: boolean }>();

function namesMatter(named: NonNullable<LineEnd['named']>): { readonly opened: boolean; readonly closed: boolean } {
  let m = namesMatterOf.get(named);
  if (m === undefined) namesMatterOf.set(named, (m = { opened: namesAdd(named.opened), closed: namesAdd(named.closed) }));
  return m;
}

/**
 * `(peer, line)`: the exceptions of a line named after `peer` (none when every region the peer holds is
 * told by the line: the whole peer changed so), or `null` when they cannot be named without also naming a
 * region the line tells (a name wider than its region), or take more than EXCEPTIONS_NAMED names for a
 * line of fewer regions: the caller then names the line's regions by their own exact names. `represented`:
 * regions a workload stands for (its own pair tells them, so a whole-namespace exception may hold them).
 */
export function peerExceptions(regions: RegionSet, base: Connectivity, head: Connectivity, represented: RegionMembership): ExceptionsOf {
  // One per analysis: reconcileAbstract and widerRegionPairs ask the same lines' regions (and build the
  // same selector index); their memos serve both.
  const last = asked.get(regions);
  if (last && last.base === base && last.head === head && last.represented === represented) return last.ask;
  const ask = exceptionsAsker(regions, base, head, represented);
  asked.set(regions, { base, head, represented, ask });
  return ask;
}

type ExceptionsOf = (peer: AbstractPeer, line: LineEnd) => PeerExceptions | null;

/**
 * Verdicts of a warm process's last push (analysis/exceptions-reuse.ts): `lookup` gives, for a line, the
 * last push's verdict of a region where it still holds (undefined: compute it); `keep` is handed each line's
 * verdicts by region (filled as they are found) for the next push.
 */
export interface VerdictReuse {
  lookup(line: LineEnd): ((region: number) => Told | undefined) | undefined;
  keep(line: LineEnd, verdicts: readonly (Told | undefined)[]): void;
}

/** The verdict reuse of each region set, for the one pair of connectivities it was made for. */
const reuseOf = new WeakMap<RegionSet, { readonly base: Connectivity; readonly head: Connectivity; readonly reuse: VerdictReuse }>();

/** Lines asked of `regions` over exactly `base` and `head` take verdicts from `reuse` (analysis/exceptions-reuse.ts); other connectivities never. */
export function reuseVerdicts(regions: RegionSet, base: Connectivity, head: Connectivity, reuse: VerdictReuse): void {
  reuseOf.set(regions, { base, head, reuse });
}

/** The last `peerExceptions` asker of each region set (an analysis has one), with what it was made of; weak, gone with the analysis. */
const asked = new WeakMap<RegionSet, { readonly base: Connectivity; readonly head: Connectivity; readonly represented: RegionMembership; readonly ask: ExceptionsOf }>();

function exceptionsAsker(regions: RegionSet, base: Connectivity, head: Connectivity, represented: RegionMembership): ExceptionsOf {
  const registered = reuseOf.get(regions);
  const reuse = registered && registered.base === base && registered.head === head ? registered.reuse : undefined;
  const classOf = (side: Connectivity, region: number) => side.index.regionClasses[region]?.index ?? -1;
  // Per change, whether the region's pods have, with every other end, all the line opens (closes) as it
  // says: opened, or allowed on both sides (another rule admitted them already: `masked`, what they had);
  // closed, or kept on both sides (`masked` too).
  // A region's verdict depends on its classes, the line's other ends and its change only: lines that share
  // those (widerRegionPairs asks one line per workload pair, most with the same other end) share verdicts,
  // kept per signature in an array by region (~100k verdicts in a 10k diff: no Map entry each).
  const regionCount = regions.regions.length;
  const verdicts = new Map<string, (Told | undefined)[]>();
  const verdictsOf = (signature: string): (Told | undefined)[] => {
    let known = verdicts.get(signature);
    if (known === undefined) verdicts.set(signature, (known = new Array<Told | undefined>(regionCount).fill(undefined)));
    return known;
  };
  const toldOnce = (region: number, line: LineEnd, signature: string): Told => {
    const known = verdictsOf(signature);
    return known[region] ?? (known[region] = reuse?.lookup(line)?.(region) ?? told(region, line, line.opened.union(line.closed)));
  };
  /** `change`: the line's opened and closed numbers united (the caller's, once per line). */
  const told = (region: number, line: LineEnd, change: ConnectionSet): Told => {
    const rb = classOf(base, region);
    const rh = classOf(head, region);
    const src = line.end === 'src';
    let opened = true;
    let closed = true;
    let masked = ConnectionSet.NONE;
    let unchanged = true;
    // A region that lacks a change is an exception, whatever it had (`masked` counts for told regions only);
    // past that only the other change's flag matters (a line that opens and closes names each's exceptions).
    const both = !line.opened.isEmpty() && !line.closed.isEmpty();
    for (let k = 0; k < line.others.length; k++) {
      const o = line.others[k];
      if (!(opened && closed) && (!both || !(opened || closed))) break;
      const sb = src ? rb : o.base;
      const db = src ? o.base : rb;
      const sh = src ? rh : o.head;
      const dh = src ? o.head : rh;
      const b = sideConn(base, sb, db);
      const h = sideConn(head, sh, dh);
      opened &&= line.opened.subtract(h).isEmpty();
      closed &&= line.closed.subtract(b).isEmpty();
      // Names that add no number to the change are told whatever the pair had (namesChanged): the pair's names are not asked.
      const matter = line.named && (opened || closed) ? namesMatter(line.named) : undefined;
      if (line.named && matter && ((opened && matter.opened) || (closed && matter.closed))) {
        const nb = sb < 0 || db < 0 ? NamedConns.NONE : regionPairConns(base, sb, db);
        const nh = sh < 0 || dh < 0 ? NamedConns.NONE : regionPairConns(head, sh, dh);
        if (matter.opened) opened &&= namesChanged(line.named.opened, nb, nh);
        if (matter.closed) closed &&= namesChanged(line.named.closed, nh, nb);
      }
      if (opened && closed) {
        masked = masked.union(line.opened.intersect(b).intersect(h)).union(line.closed.intersect(b).intersect(h));
        unchanged &&= change.subtract(b.intersect(h)).isEmpty();
      }
    }
    return masked === ConnectionSet.NONE ? PLAIN_TOLD[(opened ? 4 : 0) + (closed ? 2 : 0) + (unchanged ? 1 : 0)] : { opened, closed, masked, unchanged };
  };
  const candidates = policySelectors([base.cluster, head.cluster], regions);
  const sorted = sortedById();
  const cover = (targets: readonly number[], fits: (r: number) => boolean) => selectorCover(regions, candidates, targets, fits);
  // A peer's regions, as a set and per namespace, once per peer (an `entire-cluster` line holds every region).
  const holdings = new Map<string, Held>();
  const holdingOf = (peer: AbstractPeer): Held => {
    let h = holdings.get(peer.id);
    if (h === undefined) holdings.set(peer.id, (h = holding(regions, regions.heldBy(peer))));
    return h;
  };
  // Per peer and line signature: every region the peer holds classified by its verdict (a line's own regions
  // are left out per line, `Classified`). Lines of one peer and signature (an `entire-cluster` line per other
  // end, each with its own regions) then share one pass over the peer's regions.
  const classifiedBy = new Map<string, Classified>();
  const classifiedOf = (peer: AbstractPeer, heldBy: Held, line: LineEnd, signature: string): Classified => {
    const key = `${peer.id}|${signature}`;
    let c = classifiedBy.get(key);
    if (c !== undefined) return c;
    const exceptions = new Set<number>();
    const unchanged: number[] = [];
    const toldMasked = new Map<ConnectionSet, number[]>();
    const unchangedMasked = new Map<ConnectionSet, number[]>();
    const add = (by: Map<ConnectionSet, number[]>, m: ConnectionSet, r: number) => (by.get(m) ?? by.set(m, []).get(m)!).push(r);
    const known = verdictsOf(signature);
    const change = line.opened.union(line.closed);
    // The last push's verdicts where the region and the line's other ends are as they were (exceptions-reuse.ts).
    const last = reuse?.lookup(line);
    const exceptionsIn = new Int32Array(heldBy.namespaces.length);
    for (let k = 0; k < heldBy.list.length; k++) {
      const r = heldBy.list[k];
      const v = known[r] ?? (known[r] = last?.(r) ?? told(r, line, change));
      if (!v.opened || !v.closed) {
        exceptions.add(r);
        exceptionsIn[heldBy.namespaceAt[k]]++;
      } else if (v.unchanged && !v.masked.isEmpty() && !line.closed.isEmpty()) {
        unchanged.push(r);
        add(unchangedMasked, v.masked, r);
      } else add(toldMasked, v.masked, r);
    }
    const settled: Settled = { exceptionsIn, state: new Array<WholeNamespace | undefined>(heldBy.namespaces.length).fill(undefined), open: heldBy.namespaces.map((_, n) => n), total: new Map(), counts: new Map() };
    classifiedBy.set(key, (c = { exceptions, unchanged, toldMasked, unchangedMasked, settled }));
    return c;
  };
  const answers = new Map<string, PeerExceptions | null>();
  return (peer, line) => {
    const signature = lineSignature(line);
    const key = `${peer.id}|${[...line.regions].join(',')}|${signature}`;
    const known = answers.get(key);
    if (known !== undefined) return known;
    reuse?.keep(line, verdictsOf(signature));
    const answer = exceptionsOfLine(peer, line, signature);
    answers.set(key, answer);
    return answer;
  };
  function exceptionsOfLine(peer: AbstractPeer, line: LineEnd, signature: string): PeerExceptions | null {
    const heldBy = holdingOf(peer);
    // The peer's regions the line lacks, each with its verdict (classified once per signature: an `entire-cluster`
    // line holds every region).
    const c = classifiedOf(peer, heldBy, line, signature);
    const exceptions = new Without(c.exceptions, line.regions);
    // Regions that had the line's whole change on both sides: of a line that closes, "no longer admits" is false
    // of them (of one that opens, "now admits" holds: they are told, with the hedge). Named as exceptions where
    // the names stay few (`entire-cluster (except fs/[all pods])` when fs admits its own pods on both sides),
    // else told with the hedge (`masked`), as partly masked ones are. For a line that opens too, they are
    // exceptions of its closing only (`byChange`).
    const unchanged = new Set(c.unchanged.filter((r) => !line.regions.has(r)));
    const masked = unionOutside(c.toldMasked, line.regions);
    const unchangedMasked = unionOutside(c.unchangedMasked, line.regions);
    if (unchanged.size > 0) {
      const exact = named(heldBy, line, signature, new Set([...exceptions, ...unchanged]), masked, unchanged);
      if (exact && exact.except.length <= EXCEPTIONS_NAMED) return exact;
    }
    return named(heldBy, line, signature, exceptions, masked.union(unchangedMasked), new Set(), c.settled);
  }
  /**
   * The line's exceptions named (null: not nameable); `closing`: exceptions of the closing only, for a line that
   * opens too. `settled`: given when `exceptions` are the classified ones less the line's regions.
   */
  function named(
    heldBy: Held,
    line: LineEnd,
    signature: string,
    exceptions: ReadonlySet<number>,
    masked: ConnectionSet,
    closing: ReadonlySet<number>,
    settled?: Settled,
  ): PeerExceptions | null {
    if (exceptions.size === 0) return masked.isEmpty() ? NONE : { ...NONE, masked };
    const found = exceptionNames(regions, heldBy, exceptions, line.regions, represented, cover, sorted, settled);
    if (!found || (found.except.length > EXCEPTIONS_NAMED && line.regions.size - found.detached.size < EXCEPTIONS_NAMED)) return null;
    const withMasked = masked.isEmpty() ? found : { ...found, masked };
    // A pair that opens and closes: text and Markdown tell each in a line of its own, with that change's exceptions.
    if (line.opened.isEmpty() || line.closed.isEmpty() || withMasked.detached.size > 0) return withMasked;
    const byChange = (change: 'opened' | 'closed') => {
      const some = new Set([...exceptions].filter((r) => (closing.has(r) ? change === 'closed' : !toldOnce(r, line, signature)[change])));
      const own = some.size === exceptions.size ? withMasked : exceptionNames(regions, heldBy, some, line.regions, represented, cover, sorted);
      return own && own.detached.size === 0 ? own.except : withMasked.except;
    };
    return { ...withMasked, byChange: { opened: byChange('opened'), closed: byChange('closed') } };
  }
}

/**
 * The exceptions among a peer's regions (`Held`) named per namespace (a known one, or a part of the
 * others): its name with every pod when all the peer's regions there are exceptions, or when that and a
 * line of its own for each of the line's regions there take fewer names than the exceptions' exact names
 * (the namespace's other regions represented by workloads); else a few policy selectors that hold exactly
 * the namespace's exceptions (`cover`, selector-cover.ts), else each exception by its exact name. Sorted
 * by id. Null when a name holds a region of the peer that is no exception.
 */
function exceptionNames(
  regions: RegionSet,
  { set: heldSet, namespaces, wholes, indexOf }: Held,
  exceptions: Pick<ReadonlySet<number>, 'has'>,
  line: ReadonlySet<number>,
  represented: RegionMembership,
  cover: (targets: readonly number[], fits: (r: number) => boolean) => AbstractPeer[] | null,
  sorted: (names: ReadonlyMap<string, AbstractPeer>) => readonly AbstractPeer[],
  settled?: Settled,
): PeerExceptions | null {
  // A name is right when every region of the peer it holds is an exception (or, for a namespace taken whole, of that namespace).
  // (A region of the peer is in the namespace's list exactly when its namespace is that one: `holding`.)
  const right = (name: AbstractPeer, namespace?: string) => regions.heldBy(name).every((r) => exceptions.has(r) || !heldSet.has(r) || regions.regions[r].namespace === namespace);
  const wholeOf = (ns: string, list: readonly number[]) => {
    let w = wholes.get(ns);
    if (w === undefined) {
      const whole = wholeNamespace(regions, list[0], ns);
      wholes.set(ns, (w = { whole, exact: whole !== undefined && regions.heldBy(whole).every((r) => !heldSet.has(r) || regions.regions[r].namespace === ns) }));
    }
    return w;
  };
  // With `settled`, the names of the namespaces settled so far (no region of the line there) to begin with,
  // less those of the line's namespaces, which are found again; only those and the unsettled ones are walked.
  const out = settled ? new Map(settled.total) : new Map<string, AbstractPeer>();
  const detached = new Set<number>();
  // Namespaces the line has regions in: their names depend on the line, the others' on the classification only.
  let lineNamespaces: Set<string> | undefined;
  const ofLine = (ns: string) => (lineNamespaces ??= new Set([...line].map((r) => regions.regions[r].namespace))).has(ns);
  let walk: readonly number[] | undefined;
  if (settled) {
    const lineAt: number[] = [];
    for (const r of line) {
      const n = indexOf.get(regions.regions[r].namespace);
      if (n !== undefined && !lineAt.includes(n)) lineAt.push(n);
    }
    lineAt.sort((a, b) => a - b);
    let takenOut: Map<string, number> | undefined;
    for (const n of lineAt) {
      const known = settled.state[n];
      if (known === undefined || known === NO_EXCEPTIONS || known === NAMED_APART) continue;
      const less = ((takenOut ??= new Map()).get(known.id) ?? 0) + 1;
      takenOut.set(known.id, less);
      if (less === settled.counts.get(known.id)) out.delete(known.id);
    }
    walk = mergeAscending(settled.open, lineAt);
  }
  let settledNow = false;
  const settle = (n: number, to: WholeNamespace) => {
    if (!settled) return;
    settled.state[n] = to;
    if (to === NAMED_APART) return;
    settledNow = true;
    if (to !== NO_EXCEPTIONS) {
      settled.total.set(to.id, to);
      settled.counts.set(to.id, (settled.counts.get(to.id) ?? 0) + 1);
    }
  };
  // By index: an `entire-cluster` peer's lines walk every namespace each (~60k steps in the 10k bench diff), mostly
  // before V8 optimizes this function, where a `for…of` over the Map allocates an entry and a step each.
  const steps = walk ? walk.length : namespaces.length;
  try {
    for (let w = 0; w < steps; w++) {
      const n = walk ? walk[w] : w;
      const { namespace: ns, list } = namespaces[n];
      // Settled: no region of the line here, so the exceptions here are the classification's (`exceptionsIn` counts them).
      const memo = settled !== undefined && !ofLine(ns);
      const known = memo ? settled.state[n] : undefined;
      if (known === NO_EXCEPTIONS) continue;
      if (known !== undefined && known !== NAMED_APART) {
        out.set(known.id, known);
        continue;
      }
      if (memo ? settled.exceptionsIn[n] === 0 : !list.some((r) => exceptions.has(r))) {
        if (memo) settle(n, NO_EXCEPTIONS);
        continue;
      }
      // Every region of the peer here an exception and none the line's: the namespace taken whole, where its
      // name holds no region of the peer elsewhere (found once per peer and namespace, whatever the line).
      if (memo ? settled.exceptionsIn[n] === list.length : list.every((r) => exceptions.has(r)) && !list.some((r) => line.has(r))) {
        const w = wholeOf(ns, list);
        if (w.whole && w.exact) {
          out.set(w.whole.id, w.whole);
          if (memo) settle(n, w.whole);
          continue;
        }
      }
      const inside = list.filter((r) => exceptions.has(r));
      const lineHere = list.filter((r) => line.has(r));
      const others = list.filter((r) => !exceptions.has(r) && !line.has(r));
      // A few selectors holding exactly the exceptions here, unless the whole namespace with the line's own
      // regions there takes fewer names (without line regions here it is one name: no cover is sought).
      let few: AbstractPeer[] | null | undefined;
      const coverHere = () => (few === undefined ? (few = cover(inside, (r) => exceptions.has(r) || !heldSet.has(r))) : few);
      const fewer = lineHere.length === 0 || (1 + lineHere.length < inside.length && 1 + lineHere.length < (coverHere()?.length ?? Infinity));
      const whole = fewer && others.every((r) => represented.has(r)) ? wholeNamespace(regions, inside[0], ns) : undefined;
      if (whole && right(whole, ns)) {
        out.set(whole.id, whole);
        for (const r of lineHere) detached.add(r);
        // Kept for the signature's other lines where no region of the peer outside this namespace decided it.
        if (memo) settle(n, regions.heldBy(whole).every((r) => !heldSet.has(r) || regions.regions[r].namespace === ns) ? whole : NAMED_APART);
        continue;
      }
      if (memo) settle(n, NAMED_APART);
      const named = coverHere();
      if (named) {
        for (const name of named) out.set(name.id, name);
        continue;
      }
      for (const name of inside.map((r) => regions.nameOf(r))) {
        if (!right(name)) return null;
        out.set(name.id, name);
      }
    }
  } finally {
    // The namespaces settled (none there, or taken whole) leave the walk of the lines that follow.
    if (settled && settledNow) settled.open = settled.open.filter((n) => settled.state[n] === undefined || settled.state[n] === NAMED_APART);
  }
  return { except: sorted(out), detached };
}

/** Two ascending lists of numbers merged, each number once. */
function mergeAscending(a: readonly number[], b: readonly number[]): readonly number[] {
  if (b.length === 0) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

/**
 * Exception lists by id (`names`' keys, distinct): the default order of strings, UTF-16 code units, as `<`
 * compares them. One array per distinct set of ids, sorted once: a report's thousands of lines name a few
 * dozen sets of hundreds of long ids each (jmuchovej/homelab 997cbe0: 4,980 lines, 36 sets, 4.2 million
 * names), and sorting them per line compared a gigabyte of characters. A set is keyed by its ids' numbers.
 */
function sortedById(): (names: ReadonlyMap<string, AbstractPeer>) => readonly AbstractPeer[] {
  const numberOf = new Map<string, number>();
  const lists = new Map<string, readonly AbstractPeer[]>();
  return (names) => {
    // A typed array sorts numerically without a comparator call per comparison.
    const numbers = new Uint32Array(names.size);
    let i = 0;
    names.forEach((_, id) => {
      let n = numberOf.get(id);
      if (n === undefined) numberOf.set(id, (n = numberOf.size));
      numbers[i++] = n;
    });
    const key = numbers.sort().join(',');
    let list = lists.get(key);
    if (list === undefined) lists.set(key, (list = [...names.keys()].sort().map((id) => names.get(id)!)));
    return list;
  };
}

/**
 * What `exceptionNames` found of a namespace no region of a line is in, for the other lines of one peer and
 * signature (their exceptions there are the same): none there, the namespace taken whole (a name that holds
 * no region of the peer elsewhere), or named otherwise (found again per line).
 */
type WholeNamespace = AbstractPeer | typeof NO_EXCEPTIONS | typeof NAMED_APART;
const NO_EXCEPTIONS = 'none';
const NAMED_APART = 'apart';

/**
 * `exceptionNames`' findings per namespace (by index into `Held.namespaces`) for the lines of one peer and
 * signature, kept as a running total: an `entire-cluster` line walked every namespace of the cluster to add
 * the names found before (the bench's 10k diff: 61k steps for 575 lines, two thirds of them such names).
 * A line begins with `total` less the names of its own namespaces and walks only those and the `open` ones.
 */
interface Settled {
  /** Per namespace, how many of the peer's regions there the classification finds exceptions (lack a change). */
  readonly exceptionsIn: Int32Array;
  /** Per namespace, what was found of it for a line without regions there (undefined: not yet asked). */
  readonly state: (WholeNamespace | undefined)[];
  /** The namespaces not settled as none or taken whole, ascending: walked by every line. */
  open: readonly number[];
  /** The names of the namespaces taken whole, by id, and how many namespaces each is the name of. */
  readonly total: Map<string, AbstractPeer>;
  readonly counts: Map<string, number>;
}

/**
 * The verdicts of every region a peer holds, for one line signature: the regions that lack a change (the
 * exceptions), those unchanged (they had the whole change on both sides: `Told.unchanged`), and the others,
 * told; of the unchanged and the told, their regions per what they had already (`Told.masked`).
 */
interface Classified {
  readonly exceptions: ReadonlySet<number>;
  readonly unchanged: readonly number[];
  readonly toldMasked: ReadonlyMap<ConnectionSet, readonly number[]>;
  readonly unchangedMasked: ReadonlyMap<ConnectionSet, readonly number[]>;
  /** exceptionNames's findings per namespace no region of the line is in (filled as lines are asked). */
  readonly settled: Settled;
}

/** The union of the sets of `by` one of whose regions is not in `line`. */
function unionOutside(by: ReadonlyMap<ConnectionSet, readonly number[]>, line: ReadonlySet<number>): ConnectionSet {
  let out = ConnectionSet.NONE;
  for (const [m, rs] of by) if (rs.length > line.size || rs.some((r) => !line.has(r))) out = out.union(m);
  return out;
}

/** A set less another, without copying it (a line's regions are few, an `entire-cluster` peer's exceptions many). */
class Without implements ReadonlySet<number> {
  private count: number | undefined;
  constructor(
    private readonly all: ReadonlySet<number>,
    private readonly less: ReadonlySet<number>,
  ) {}
  has(r: number): boolean {
    return this.all.has(r) && !this.less.has(r);
  }
  get size(): number {
    if (this.count === undefined) {
      let inLess = 0;
      for (const r of this.less) if (this.all.has(r)) inLess++;
      this.count = this.all.size - inLess;
    }
    return this.count;
  }
  *values(): SetIterator<number> {
    for (const r of this.all) if (!this.less.has(r)) yield r;
  }
  keys(): SetIterator<number> {
    return this.values();
  }
  *entries(): SetIterator<[number, number]> {
    for (const r of this.values()) yield [r, r];
  }
  forEach(f: (value: number, key: number, set: ReadonlySet<number>) => void): void {
    for (const r of this.values()) f(r, r, this);
  }
  [Symbol.iterator](): SetIterator<number> {
    return this.values();
  }
}

/** A peer's regions (`RegionSet.heldBy`): in order, as a set, and per namespace in order. */
interface Held {
  readonly list: readonly number[];
  readonly set: ReadonlySet<number>;
  /** Per namespace, in the order of its first region: its regions in order. */
  readonly namespaces: readonly { readonly namespace: string; readonly list: readonly number[] }[];
  /** Per region of `list` (by place), the index of its namespace in `namespaces`. */
  readonly namespaceAt: Int32Array;
  /** Per namespace, its index in `namespaces`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Per namespace, as asked: its whole-namespace name (`wholeNamespace` of its first region), and whether that holds no region of the peer elsewhere. */
  readonly wholes: Map<string, { readonly whole: AbstractPeer | undefined; readonly exact: boolean }>;
}

function holding(regions: RegionSet, list: readonly number[]): Held {
  const indexOf = new Map<string, number>();
  const namespaces: { namespace: string; list: number[] }[] = [];
  const namespaceAt = new Int32Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const namespace = regions.regions[list[k]].namespace;
    let n = indexOf.get(namespace);
    if (n === undefined) {
      indexOf.set(namespace, (n = namespaces.length));
      namespaces.push({ namespace, list: [] });
    }
    namespaces[n].list.push(list[k]);
    namespaceAt[k] = n;
  }
  return { list, set: new Set(list), namespaces, namespaceAt, indexOf, wholes: new Map() };
}

/** Every pod of the region's namespace: a known one by name, a part of the others by its region's namespace selector. */
function wholeNamespace(regions: RegionSet, region: number, namespace: string): AbstractPeer | undefined {
  if (regions.regions[region].known) return abstractPeer(namespace, EVERYTHING);
  const selector = regions.nameOf(region).namespaceSelector;
  return selector ? abstractPeer(selector, EVERYTHING) : undefined;
}

/** A pair as named for the report, under its line's key. */
interface Named {
  readonly pair: ExplainedPair;
  readonly key: number;
}

/** A line's end, opposite `end`. */
const OTHER = { src: 'dst', dst: 'src' } as const;

/**
 * `named` (per pair of `kept`, the diff's pairs as met: undefined for pairs without an abstract end) with
 * the ends named after a rule peer (`rulePeer`) given their line's exceptions (`exceptionsOf`), or, where
 * those cannot be named (null), their own region's name (`kept`'s end); keys made anew (`pairKey`).
 * A line is the pairs of one key; `classesOf` gives an other end's classes (null: no pod, and its end is
 * left as it is).
 */
export function withExceptions<N extends Named>(
  named: readonly (N | undefined)[],
  kept: readonly ExplainedPair[],
  rulePeer: (p: PeerRef) => boolean,
  exceptionsOf: (peer: AbstractPeer, line: LineEnd) => PeerExceptions | null,
  classesOf: (p: PeerRef) => { readonly base: number; readonly head: number } | null,
  pairKey: (src: PeerRef, dst: PeerRef) => number,
): (N | undefined)[] {
  const lines = new Map<number, number[]>();
  named.forEach((n, i) => {
    if (n && (rulePeer(n.pair.src) || rulePeer(n.pair.dst))) (lines.get(n.key) ?? lines.set(n.key, []).get(n.key)!).push(i);
  });
  const out = [...named];
  for (const list of lines.values()) {
    const ends: Partial<Record<'src' | 'dst', PeerExceptions | null>> = {};
    // The line's change (numbers and names) is the same at both ends: worked out once.
    let change: LineChange | undefined;
    for (const end of ['src', 'dst'] as const) {
      const at = list.find((i) => rulePeer(named[i]!.pair[end]));
      const first = at === undefined ? undefined : named[at]!.pair[end];
      if (first?.type !== 'pods') continue;
      const pairs = list.map((i) => named[i]!.pair);
      const line = lineEnd(pairs, list.map((i) => kept[i][OTHER[end]]), end, classesOf, (change ??= lineChange(pairs)));
      const ex = line && exceptionsOf(first.peer, line);
      if (ex !== undefined && (ex === null || ex.except.length !== 0 || ex.masked)) ends[end] = ex;
    }
    if (!('src' in ends) && !('dst' in ends)) continue;
    for (const i of list) {
      const n = named[i]!;
      const endOf = (end: 'src' | 'dst'): PeerRef => {
        const x = n.pair[end];
        const ex = ends[end];
        if (ex === undefined || x.type !== 'pods') return x;
        // Not nameable, or a region told apart: its own exact name.
        if (ex === null || (x.region !== undefined && ex.detached.has(x.region))) return kept[i][end];
        if (ex.except.length === 0) return x;
        return { ...x, except: ex.except, ...(ex.byChange ? { exceptByChange: ex.byChange } : {}) };
      };
      const [src, dst] = [endOf('src'), endOf('dst')];
      // What pods the line tells had already (told by `masked`), on the ends that keep the rule peer's name.
      const masked = (['src', 'dst'] as const).reduce((u, end) => {
        const ex = ends[end];
        const x = n.pair[end];
        return ex && ex.masked && x.type === 'pods' && !(x.region !== undefined && ex.detached.has(x.region)) ? u.union(ex.masked) : u;
      }, ConnectionSet.NONE);
      const unchanged = masked.isEmpty() ? {} : { unchangedForSome: (n.pair.unchangedForSome ?? ConnectionSet.NONE).union(masked) };
      if (src !== n.pair.src || dst !== n.pair.dst || !masked.isEmpty()) out[i] = { ...n, pair: { ...n.pair, src, dst, ...unchanged }, key: pairKey(src, dst) };
    }
  }
  return out;
}

/** What a line's pairs change, whichever end is asked: `LineEnd`'s opened, closed and named. */
type LineChange = Pick<LineEnd, 'opened' | 'closed' | 'named'>;

/** The opened and closed numbers of a line's pairs united, and their port names (`lineNames`). */
function lineChange(pairs: readonly ExplainedPair[]): LineChange {
  let opened = ConnectionSet.NONE;
  let closed = ConnectionSet.NONE;
  for (const p of pairs) {
    opened = opened.union(p.opened ?? ConnectionSet.NONE);
    closed = closed.union(p.closed ?? ConnectionSet.NONE);
  }
  const named = lineNames(pairs);
  return { opened, closed, ...(named ? { named } : {}) };
}

/**
 * One end of a line of `pairs` (their other ends as the diff met them: `others`; `change`: `lineChange` of
 * the pairs), or null when an other end is no pod.
 */
function lineEnd(
  pairs: readonly ExplainedPair[],
  others: readonly PeerRef[],
  end: 'src' | 'dst',
  classesOf: (p: PeerRef) => { readonly base: number; readonly head: number } | null,
  change: LineChange,
): LineEnd | null {
  const regions = new Set<number>();
  const met = new Map<string, { readonly base: number; readonly head: number }>();
  for (let k = 0; k < pairs.length; k++) {
    const x = pairs[k][end];
    if (x.type === 'pods' && x.region !== undefined) regions.add(x.region);
    const classes = classesOf(others[k]);
    if (!classes) return null;
    met.set(`${classes.base},${classes.head}`, classes);
  }
  return { end, regions, others: [...met.values()], otherEnds: others, opened: change.opened, closed: change.closed, ...(change.named ? { named: change.named } : {}) };
}

/**
 * `LineEnd.named` of a line of `pairs`: their opened and closed sets united with their port names, as the
 * line writes them (pairConns: the public form each pair is told in); undefined when no pair names a port.
 */
export function lineNames(pairs: readonly ExplainedPair[]): LineEnd['named'] {
  if (!pairs.some((p) => p.namedPorts)) return undefined;
  const unite = (field: 'opened' | 'closed') => pairs.reduce((u, p) => u.union(pairConns(p, field) ?? NamedConns.NONE), NamedConns.NONE);
  return { opened: unite('opened'), closed: unite('closed') };
}
