/**
 * The abstract lines' region verdicts (peer-exceptions.ts `Told`) of a warm process's last push of a pull
 * request, for the next push against the same kept base side (analysis/base-side.ts). A verdict says
 * whether a region's pods had, toward each of a line's other ends, all the line opens and closes; it reads
 * only the traffic between the region and those ends on each side, and the line's change. Base is the same
 * cluster on both pushes, and a region's traffic follows its content (namespace and labels), not its index;
 * head's traffic between ends that push-steps.ts finds as they were (their namespaces unchanged between the
 * two heads, positions included, nothing cluster-wide changed) is as it was. So a verdict of the last push
 * holds again for a region of the same content and a line of the same content (its end, change, port names
 * and other ends by content), when that region and every other end are as they were: it is taken from the
 * last push; anything else is found anew.
 */
import type { Cluster, Connectivity, PeerRef, RegionSet } from '../engine/index.js';
import type { BaseSide } from './base-side.js';
import type { LineEnd, Told, VerdictReuse } from './peer-exceptions.js';
import { reuseVerdicts } from './peer-exceptions.js';
import { regionContents, stableEnds } from './push-steps.js';

interface Kept {
  readonly options: string;
  readonly head: Cluster;
  /** Numbers of region contents, shared by the pushes that follow one another. */
  readonly numbers: Map<string, number>;
  /** The last push's region index of each content number (-1: two regions of that content). */
  readonly indexOf: ReadonlyMap<number, number>;
  /** Per line content, its verdicts by the last push's region index. */
  readonly lines: ReadonlyMap<string, readonly (Told | undefined)[]>;
}

/** One set of verdicts per base side (the last head's); gone with the base side. */
const lastVerdicts = new WeakMap<BaseSide, Kept>();

/** At most this many lines' verdicts are kept, and region contents numbered (a warm process must not grow without end). */
const MAX_LINES = 50_000;
const MAX_NUMBERS = 200_000;

/**
 * Registers, for `regions` with `base` and `head` (this analysis's connectivities), the verdicts of the
 * last analysis of `side` with `options` (plain data, report-reuse.ts `pushStepKey`; undefined: nothing
 * reused or kept). Call `done` once every line is asked: it keeps this analysis's verdicts for the next.
 */
export function exceptionsReuse(side: BaseSide, head: Cluster, options: string | undefined, regions: RegionSet | undefined, base: Connectivity, headConn: Connectivity): { readonly done: () => void } {
  const kept = options === undefined ? undefined : lastVerdicts.get(side);
  // Dropped now: the new analysis's peak memory must not hold it twice.
  lastVerdicts.delete(side);
  if (options === undefined || !regions) return { done: () => undefined };
  const last = kept && kept.options === options && kept.numbers.size < MAX_NUMBERS ? kept : undefined;
  const stable = last ? stableEnds(last.head, head) : undefined;
  const numbers = last?.numbers ?? new Map<string, number>();
  const contentOf = regionContents(regions);
  const numberOf = (r: number): number => {
    const c = contentOf(r);
    let n = numbers.get(c);
    if (n === undefined) numbers.set(c, (n = numbers.size));
    return n;
  };
  // An other end by content: a workload by id, a region by its content; anything else has no key.
  const endKey = (p: PeerRef): string | undefined => (p.type === 'workload' ? `w${p.workload.id}` : p.type === 'pods' && p.region !== undefined ? `r${numberOf(p.region)}` : undefined);
  const keys = new WeakMap<LineEnd, string | null>();
  const keyOf = (line: LineEnd): string | null => {
    let key = keys.get(line);
    if (key !== undefined) return key;
    const ends = new Set<string>();
    for (const e of line.otherEnds) {
      const k = endKey(e);
      if (k === undefined) {
        keys.set(line, null);
        return null;
      }
      ends.add(k);
    }
    const names = line.named ? `${line.named.opened.key}|${line.named.closed.key}` : '';
    keys.set(line, (key = `${line.end}|${line.opened.key}|${line.closed.key}|${names}|${[...ends].sort().join(',')}`));
    return key;
  };
  const lines = new Map<string, readonly (Told | undefined)[]>();
  // Per region of this push, the last push's index of the one region of its content, where the step left it as
  // it was (-1: none, two, or changed): found once per push, not per line that asks it (a classification of an
  // `entire-cluster` line asks every region, and an exception of a line that opens and closes is asked again).
  let lastIndexOf: Int32Array | undefined;
  const lastIndex = (): Int32Array => {
    if (lastIndexOf) return lastIndexOf;
    const out = new Int32Array(regions.regions.length).fill(-1);
    for (let r = 0; r < out.length; r++) if (stable!.region(regions.regions[r])) out[r] = last!.indexOf.get(numberOf(r)) ?? -1;
    return (lastIndexOf = out);
  };
  // Per line object, its lookup (null: none): a line's regions are asked one by one (`toldOnce`).
  const lookups = new WeakMap<LineEnd, ((r: number) => Told | undefined) | null>();
  const lookupOf = (line: LineEnd): ((r: number) => Told | undefined) | null => {
    if (!last || !stable) return null;
    const key = keyOf(line);
    const verdicts = key === null ? undefined : last.lines.get(key);
    if (!verdicts || !line.otherEnds.every((e) => stable.peer(e, regions))) return null;
    const at = lastIndex();
    return (r) => {
      const i = at[r];
      return i < 0 ? undefined : verdicts[i];
    };
  };
  const reuse: VerdictReuse = {
    lookup(line) {
      let found = lookups.get(line);
      if (found === undefined) lookups.set(line, (found = lookupOf(line)));
      return found ?? undefined;
    },
    keep(line, verdicts) {
      const key = keyOf(line);
      if (key !== null && lines.size < MAX_LINES) lines.set(key, verdicts);
    },
  };
  reuseVerdicts(regions, base, headConn, reuse);
  const done = () => {
    const indexOf = new Map<number, number>();
    for (const r of regions.regions) {
      const n = numberOf(r.index);
      indexOf.set(n, indexOf.has(n) ? -1 : r.index);
    }
    lastVerdicts.set(side, { options, head, numbers, indexOf, lines });
  };
  return { done };
}
