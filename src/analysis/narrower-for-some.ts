/**
 * What some pods of a merged abstract pair got instead of its change. Pairs of one name merge when their
 * port numbers changed alike (abstract-pairs.ts `mixedKeys`); their port names may still differ: a pair
 * whose only change is a conditional name (`TCP metrics (if numbered 9091)`: the client's egress names the
 * port, the server's ingress now admits TCP 9091 from everyone) merged into its rule's line
 * (`entire-cluster … on TCP 9091`) vanishes into that line's numbers, which it then claims for pods that
 * get them only under the condition. Splitting such lines into one per region would turn a DNS policy's
 * egress on TCP 443 into thousands of lines (every region admitting a port by name), so the line keeps its
 * name and says which of its region pairs got what instead (`ExplainedPair.narrowerForSome`; text `(but
 * only TCP metrics (if numbered 9091) for app/[pod with {app=client}])`, JSON `narrowerForSome`).
 */
import type { NamedConns, PeerRef } from '../engine/index.js';
import { pairConns } from '../engine/index.js';
import type { ExplainedPair } from './types.js';

/** Region pairs of a merged pair that opened and closed `opened` and `closed` (each a part of the pair's own, `null`: nothing). */
export interface NarrowerPart {
  readonly opened: NamedConns | null;
  readonly closed: NamedConns | null;
  /** Those region pairs, by their own ends (the diff of regions' exact names, or workloads). */
  readonly pairs: readonly { readonly src: PeerRef; readonly dst: PeerRef }[];
}

/** A pair's change as the report writes it (numbers, and names with their conditions): equal texts, equal claims. */
function toldChange(p: ExplainedPair): string {
  const field = (f: 'opened' | 'closed') => {
    const c = p.namedPorts ? pairConns(p, f) : p[f];
    return c === null || c.isEmpty() ? '' : c.key;
  };
  return `${field('opened')}\u0000${field('closed')}`;
}

/** A field's whole set, null when it allows nothing. */
function nonEmpty(p: ExplainedPair, f: 'opened' | 'closed'): NamedConns | null {
  const c = pairConns(p, f);
  return c === null || c.isEmpty() ? null : c;
}

/** The members of merged pairs, by merge key: `add` each as it is merged, then `of(key, merged)`. */
export class NarrowerParts<K> {
  private readonly members = new Map<K, { readonly pair: ExplainedPair; readonly ends: ExplainedPair }[]>();

  /** `pair`: a member as merged (its sets); `ends`: the same pair with its own ends (before renaming). */
  add(key: K, pair: ExplainedPair, ends: ExplainedPair): void {
    const list = this.members.get(key);
    if (list) list.push({ pair, ends });
    else this.members.set(key, [{ pair, ends }]);
  }

  /** The parts of `merged` (the pair the members of `key` merged into) whose change differs from its own, in the order met; undefined when none. */
  of(key: K, merged: ExplainedPair): NarrowerPart[] | undefined {
    const list = this.members.get(key);
    if (!list || list.length < 2) return undefined;
    const whole = toldChange(merged);
    const parts = new Map<string, { opened: NamedConns | null; closed: NamedConns | null; pairs: { src: PeerRef; dst: PeerRef }[] }>();
    for (const { pair, ends } of list) {
      const told = toldChange(pair);
      if (told === whole) continue;
      const part = parts.get(told) ?? parts.set(told, { opened: nonEmpty(pair, 'opened'), closed: nonEmpty(pair, 'closed'), pairs: [] }).get(told)!;
      part.pairs.push({ src: ends.src, dst: ends.dst });
    }
    return parts.size > 0 ? [...parts.values()] : undefined;
  }
}
