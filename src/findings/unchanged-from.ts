/**
 * Base's findings taken for head where a diff's change does not reach them. Head's cluster is base's patched
 * by the change, so most of head's findings are base's again: a finding whose inputs are all unchanged equals
 * base's. Each finding kind that reuses says what a finding of it reads (its reach across namespaces):
 * - half-open rules (half-open.ts): the rule's policy and its own pods (the policy's namespace), and the
 *   workloads its pod peer reaches in the namespaces the peer selects, with their policies;
 * - DNS egress (dns-egress.ts): the workload's class, its egress policies (its namespace), and the DNS pods
 *   and their ingress (the DNS namespace).
 * Any of those namespaces changed, on either side (analysis/changed-namespaces.ts: a namespace is changed when
 * any object in it differs, positions included), and the finding is computed again; so is everything when a
 * cluster-wide part differs (the caller then passes no base). Base's results are recorded per connectivity as
 * `commitFindings` computes them, so only results over the diff's very base connectivity (same regions as
 * head's) are taken, or over another region set of the same base cluster whose findings base-side.ts serves
 * for this one (`adoptRecord`: a warm process's next push, whose base findings are the last push's). A warm
 * process's next push may take the last push's head's record instead (`UnchangedFrom.record`, with the
 * namespaces the step changed between the two heads): the same reading, one push later.
 */
import type { Connectivity } from '../engine/connectivity.js';
import type { Labels, NetworkPolicy, PodPeer, Workload } from '../engine/model.js';
import type { PodClass } from '../engine/peer-classes.js';
import { indexParts } from '../engine/peer-classes.js';
import { matches } from '../engine/selectors.js';
import type { Finding } from './types.js';

/** Base's side of a diff, for head's findings (`FindingInput.unchangedFrom`). */
export interface UnchangedFrom {
  /**
   * Base's connectivity, over the regions head's is computed over; its findings computed before head's. With
   * `record`, only its index is read (the classes of the changed namespaces): any index of the same workloads.
   */
  readonly conn: Pick<Connectivity, 'index'>;
  /** Namespaces whose objects differ between base's and head's clusters (analysis/changed-namespaces.ts). */
  readonly changed: ReadonlySet<string>;
  /**
   * What another cluster's findings recorded, taken instead of `conn`'s: a warm process's last push's head, whose
   * findings do not depend on the regions they were computed over (analysis/head-side.ts `headFindings`).
   */
  readonly record?: Recorded;
}

/** What a connectivity's findings recorded for reuse. */
export interface Recorded {
  /** Half-open findings per policy and rule position, per direction (an empty list: none). */
  readonly halfOpen: { readonly ingress: WeakMap<NetworkPolicy, Map<number, readonly Finding[]>>; readonly egress: WeakMap<NetworkPolicy, Map<number, readonly Finding[]>> };
  /** Per DNS configuration (as JSON): each workload's DNS finding before its workload's own notes (null: none). */
  readonly dns: Map<string, WeakMap<Workload, Finding | null>>;
}

const recorded = new WeakMap<object, Recorded>();

/** The record of `conn`'s findings, made on first use. */
export function recordOf(conn: Connectivity): Recorded {
  let r = recorded.get(conn);
  if (!r) recorded.set(conn, (r = { halfOpen: { ingress: new WeakMap(), egress: new WeakMap() }, dns: new Map() }));
  return r;
}

/**
 * `conn` records what `record` holds: for a connectivity whose findings are those computed over another
 * connectivity of the same cluster (base-side.ts keeps findings that do not depend on the regions, and serves
 * them for every region set). What a half-open rule or a workload's DNS found is part of those findings, so it
 * holds for `conn` too. A connectivity that has its own record keeps it.
 */
export function adoptRecord(conn: Connectivity, record: Recorded): void {
  if (!recorded.has(conn)) recorded.set(conn, record);
}

/** Base's record, when its findings were computed over `from.conn` (or the record `from` gives); else undefined (nothing to take). */
export function baseRecord(from: UnchangedFrom | undefined): Recorded | undefined {
  return from && (from.record ?? recorded.get(from.conn));
}

/**
 * Whether a pod peer of a policy in an unchanged namespace reaches a workload of a changed namespace on
 * either side: the namespace is one the peer selects there and some workload class of it matches the peer's
 * pods. A peer of the policy's own namespace reaches none.
 */
export function reachesChanged(peer: PodPeer, head: Connectivity, from: UnchangedFrom): boolean {
  if (peer.namespaces === 'own' || from.changed.size === 0) return false;
  // As selectNamespaces and selectInNamespace pick them (engine/peer-classes.ts), the namespace first: most peers name others.
  for (const part of changedParts(head, from)) {
    if (!matches(peer.namespaces, part.labels)) continue;
    for (let i = 0; i < part.classes.length; i++) if (matches(peer.pods, part.classes[i].podLabels)) return true;
  }
  return false;
}

/** A changed namespace of one side: its labels and its workload classes (no regions). */
interface ChangedPart {
  readonly labels: Labels;
  readonly classes: readonly PodClass[];
}

/** Per diff's base side and head connectivity: the changed namespaces of both sides (every rule of head asks). */
const partsOf = new WeakMap<UnchangedFrom, { readonly head: Connectivity; readonly parts: readonly ChangedPart[] }>();

/** The changed namespaces that each side's index holds, head's then base's, in `from.changed`'s order. */
function changedParts(head: Connectivity, from: UnchangedFrom): readonly ChangedPart[] {
  const known = partsOf.get(from);
  if (known?.head === head) return known.parts;
  const parts: ChangedPart[] = [];
  for (const conn of [head, from.conn]) {
    // The workloads' own index (an index with regions extends it): regions are no workloads.
    const index = indexParts(conn.index)?.plain ?? conn.index;
    for (const name of from.changed) {
      const ns = index.namespaces.get(name);
      if (ns) parts.push({ labels: ns.labels, classes: (index.byNamespace.get(name) ?? []).filter((c) => !c.region) });
    }
  }
  partsOf.set(from, { head, parts });
  return parts;
}
