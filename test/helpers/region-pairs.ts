/**
 * A `diff --format json` document's pairs with each region-group end expanded into the regions it stands
 * for (docs/cli.md "Region groups"): one pair per region pair, as they were written before groups, with the
 * reasons naming the region again. What a consumer that wants region pairs one by one does.
 */

interface Peer {
  id: string;
  except?: { id: string }[];
  regionGroup?: string;
}
interface Reason {
  kind: string;
  direction?: string;
  workload?: string;
  text?: string;
}
interface Pair {
  src: Peer;
  dst: Peer;
  regionPairs?: number;
  why?: { opened: Reason[]; closed: Reason[] };
}

/** A peer as a pair's reasons name it: `P (except E1, E2)`. */
const fullId = (p: Peer) => (p.except?.length ? `${p.id} (except ${p.except.map((e) => e.id).join(', ')})` : p.id);

export function regionPairs<T>(doc: { pairs: T[]; regionGroups?: { id: string; peers: Peer[] }[] }): T[] {
  const groups = new Map((doc.regionGroups ?? []).map((g) => [g.id, g.peers]));
  return doc.pairs.flatMap((t) => {
    const p = t as unknown as Pair;
    if (!p.src.regionGroup && !p.dst.regionGroup) return [t];
    const { regionPairs: _n, ...rest } = p;
    const srcs = p.src.regionGroup ? groups.get(p.src.regionGroup)! : [p.src];
    const dsts = p.dst.regionGroup ? groups.get(p.dst.regionGroup)! : [p.dst];
    return srcs.flatMap((src) =>
      dsts.map((dst) => {
        // A `not-isolated` reason names its subject: the source in egress, the destination in ingress.
        const rename = (r: Reason): Reason => {
          const [group, region] = r.direction === 'egress' ? [p.src, src] : [p.dst, dst];
          if (r.kind !== 'not-isolated' || !group.regionGroup || r.workload !== group.id) return r;
          return { ...r, workload: fullId(region), ...(r.text !== undefined ? { text: r.text.split(group.id).join(fullId(region)) } : {}) };
        };
        const why = p.why && { opened: p.why.opened.map(rename), closed: p.why.closed.map(rename) };
        return { ...rest, src, dst, ...(why ? { why } : {}) } as unknown as T;
      }),
    );
  });
}
