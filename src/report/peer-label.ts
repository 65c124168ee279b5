/**
 * Peers for people, short and exact: `shop/payments` when no other workload of that namespace has the
 * same name (else the full `shop/payments[Deployment]`), external addresses as CIDRs (`10.0.0.0/8`,
 * not ranges), and a configured name where one covers them (`corp (10.0.0.0/8)`). JSON keeps the ids.
 */
import type { PeerRef, Workload } from '../engine/index.js';
import { AddressSet, EXCEPTIONS_NAMED, parseCidr, peerId, toCidrs } from '../engine/index.js';

export type PeerLabel = (p: PeerRef) => string;

/** `workloads`: every workload the output may name (base and head for a diff), to tell when a kind is needed. */
export function peerLabels(workloads: Iterable<Workload>, externalNames: Readonly<Record<string, string>> = {}): PeerLabel {
  const kindsByName = new Map<string, Set<string>>();
  for (const w of workloads) {
    const key = `${w.namespace}/${w.name}`;
    kindsByName.set(key, (kindsByName.get(key) ?? new Set()).add(w.kind));
  }
  const named = namedRanges(externalNames);
  // A report names one range set in many pairs, and renders up to 27 times to fit a comment (diff-markdown.ts):
  // each set's text once (a large one's CIDRs took most of a 150,000-pair comment's 139 s: bjw-s a71f3ddae).
  const externals = new WeakMap<AddressSet, string>();
  return (p) => {
    switch (p.type) {
      case 'workload': {
        const key = `${p.workload.namespace}/${p.workload.name}`;
        return (kindsByName.get(key)?.size ?? 1) > 1 ? p.workload.id : key;
      }
      case 'external': {
        let text = externals.get(p.addresses);
        if (text === undefined) externals.set(p.addresses, (text = externalLabel(p.addresses, named)));
        return text;
      }
      case 'pods':
        return podsLabel(p);
      case 'ingress-controller':
      case 'domain':
        return peerId(p);
    }
  };
}

/** Pods the manifests do not hold: `P (except a, b, c and 4 more)` past EXCEPTIONS_NAMED exceptions (the JSON lists them all), else the id. */
function podsLabel(p: PeerRef & { type: 'pods' }): string {
  const except = p.except ?? [];
  if (except.length <= EXCEPTIONS_NAMED) return peerId(p);
  const named = except.slice(0, EXCEPTIONS_NAMED - 1);
  return `${p.peer.id} (except ${named.map((e) => e.id).join(', ')} and ${except.length - named.length} more)`;
}

type Named = readonly { readonly set: AddressSet; readonly name: string }[];

function namedRanges(externalNames: Readonly<Record<string, string>>): Named {
  const named: { set: AddressSet; name: string }[] = [];
  for (const [cidr, name] of Object.entries(externalNames)) {
    const parsed = parseCidr(cidr);
    if (parsed.ok) named.push({ set: parsed.set, name });
  }
  return named;
}

/**
 * `name (text)` where one named CIDR covers the addresses; else each IP version named on its own, one name said
 * once for both: `"0.0.0.0/0": the internet` never named the every-address peer `0.0.0.0/0, ::/0`, which
 * no IPv4 CIDR covers (new-user trial 39): `the internet (0.0.0.0/0), ::/0`.
 */
function externalLabel(addresses: AddressSet, named: Named): string {
  const text = addressText(addresses);
  const nameOf = (set: AddressSet) => named.find((k) => set.isSubsetOf(k.set))?.name;
  const whole = nameOf(addresses);
  if (whole !== undefined) return `${whole} (${text})`;
  const parts = [AddressSet.ALL_V4, AddressSet.ALL_V6].map((version) => addresses.intersect(version)).filter((part) => !part.isEmpty());
  const names = parts.map(nameOf);
  if (parts.length < 2 || names.every((n) => n === undefined)) return text;
  if (names[0] === names[1]) return `${names[0]} (${text})`;
  return parts.map((part, i) => (names[i] === undefined ? addressText(part) : `${names[i]} (${addressText(part)})`)).join(', ');
}

/**
 * Addresses for people, each IP version apart (IPv4 first): `0.0.0.0/0, ::/0`. A version's addresses that are
 * one CIDR but for a few holes read as an ipBlock writes them, `0.0.0.0/0 (except 10.0.0.0/8, 172.16.0.0/12,
 * 192.168.0.0/16)`, when that takes fewer pieces (or as many, where the others hold `first-last` ranges); otherwise each interval as CIDRs, or `first-last` where
 * that is shorter. (A Cilium `world` egress beside a deny of 169.254.169.254 read `0.0.0.0-169.254.169.253,
 * 169.254.169.255-255.255.255.255, ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff`: one interval crossed from
 * IPv4 into IPv6, so even `::/0` was a range.)
 */
export function addressText(set: AddressSet): string {
  return [AddressSet.ALL_V4, AddressSet.ALL_V6]
    .map((version) => set.intersect(version))
    .filter((part) => !part.isEmpty())
    .map(versionText)
    .join(', ');
}

/**
 * Holes named in an `(except …)` at most when the pieces are CIDRs: past that the pieces read as easily. Pieces
 * that are `first-last` ranges are the gaps between the holes, one more than the holes: the exceptions name the
 * addresses the rule named, however many (real-eval 25, fiducia-cloud/fiducia-infra aedf1a1: egress narrowed to
 * 20 Cloudflare /32s closed `0.0.0.0-198.41.192.6, 198.41.192.8-198.41.192.26, …`, 21 ranges).
 */
const MAX_HOLES = 4;

/** One IP version's addresses (see addressText). */
function versionText(set: AddressSet): string {
  const whole = exceptText(set, true);
  if (whole !== undefined) return whole;
  // Else each run of neighbouring intervals that one CIDR holds but for a few holes, on its own: `10.0.0.0/8,
  // 192.168.0.0/16 (except 192.168.139.0/24)` (real-eval 26, ukyi-app/homelab f3d0705: every private range but
  // the node subnet read `192.168.0.0-192.168.138.255, 192.168.140.0-192.168.255.255`).
  const runs: AddressSet[] = [];
  for (const interval of set.intervals) {
    const last = runs[runs.length - 1];
    const joined = last?.union(AddressSet.of([interval]));
    if (joined && toCidrs(coveringBlock(joined).subtract(joined)).length <= MAX_HOLES) runs[runs.length - 1] = joined;
    else runs.push(AddressSet.of([interval]));
  }
  return runs.map((run) => exceptText(run, false) ?? piecesOf(run).join(', ')).join(', ');
}

/** Each interval of `set` as CIDRs, or as `first-last` where that takes fewer pieces. */
function piecesOf(set: AddressSet): string[] {
  return set.intervals.flatMap(([a, b]) => {
    const piece = AddressSet.of([[a, b]]);
    const cidrs = toCidrs(piece);
    const ranges = piece.toRanges();
    return cidrs.length <= ranges.length ? cidrs : ranges;
  });
}

/**
 * `CIDR (except holes)` for `set` when that takes fewer pieces than piecesOf (or as many, where those hold
 * `first-last` ranges: the exceptions read better than ranges, not better than CIDRs); undefined otherwise.
 * `anyHoles`: past MAX_HOLES holes too when the pieces are ranges (the whole set: the gaps between many holes).
 */
function exceptText(set: AddressSet, anyHoles: boolean): string | undefined {
  const pieces = piecesOf(set);
  if (pieces.length < 2) return anyHoles ? pieces.join(', ') : undefined;
  const hull = coveringBlock(set);
  const holes = toCidrs(hull.subtract(set));
  const ranges = pieces.some((p) => p.includes('-'));
  const shorter = 1 + holes.length < pieces.length || (1 + holes.length === pieces.length && ranges);
  return (holes.length <= MAX_HOLES || (anyHoles && ranges)) && shorter ? `${toCidrs(hull)[0]} (except ${holes.join(', ')})` : undefined;
}

/** The smallest CIDR block holding every address of `set` (one IP version, not empty). */
function coveringBlock(set: AddressSet): AddressSet {
  const v4 = set.isSubsetOf(AddressSet.ALL_V4);
  const [origin, bits] = v4 ? [AddressSet.ALL_V4.intervals[0][0], 32n] : [AddressSet.ALL_V6.intervals[0][0], 128n];
  const first = set.intervals[0][0] - origin;
  const last = set.intervals[set.intervals.length - 1][1] - origin;
  // The host bits: as many as it takes for the first and last addresses to share their prefix.
  let host = 0n;
  while (host < bits && first >> host !== last >> host) host++;
  const start = (first >> host) << host;
  return AddressSet.of([[origin + start, origin + start + (1n << host) - 1n]]);
}

/**
 * Text and Markdown peers that keep the contract's ids for workloads, with addresses as CIDRs and,
 * given `externalNames` (CIDR → name, as in the App's configuration), named where a name covers them.
 */
export function peerText(externalNames: Readonly<Record<string, string>> = {}): PeerLabel {
  const named = namedRanges(externalNames);
  return (p) => (p.type === 'external' ? externalLabel(p.addresses, named) : p.type === 'pods' ? podsLabel(p) : peerId(p));
}

export const displayPeer: PeerLabel = peerText();

/** `label` remembering what it said of each peer object (a headline labels the same ends many times). */
export function memoisedLabel(label: PeerLabel): PeerLabel {
  const said = new WeakMap<PeerRef, string>();
  return (p) => {
    let text = said.get(p);
    if (text === undefined) said.set(p, (text = label(p)));
    return text;
  };
}
