/**
 * Head's connectivity and findings of the last push of a pull request, kept per base side (base-side.ts)
 * for the next push on a warm process. A push that changes no object the model reads (a comment, a
 * reformatted file, an edit of a kind the engine does not read) loads a head cluster equal to the last
 * one, positions included: its connectivity over the same regions, and its findings, are then the last
 * push's, not computed again. Reuse is decided by content, never by key: every field of the cluster is
 * compared (objects by identity first, then as JSON with every position, and where a Kustomize JSON 6902
 * patch marked a position, where the map was written before it: kustomize/patched-refs.ts, which findings
 * and reasons are cited by), the regions by their digest (base-side.ts `regionsDigest`, as base's
 * connectivity is kept), and for findings the loader's diagnostics, unmodelled objects, host-network
 * workloads and the configuration too. Anything that differs computes anew; a part that cannot be
 * compared as data (an instance of a class other than AddressSet) equals nothing, as in engine/touched.ts.
 */
import type { Cluster, Connectivity, RegionSet, SourceRef } from '../engine/index.js';
import { AddressSet, computeConnectivity } from '../engine/index.js';
import type { ClassIndex } from '../engine/peer-classes.js';
import { indexParts } from '../engine/peer-classes.js';
import { writtenBefore } from '../kustomize/patched-refs.js';
import type { Finding, FindingInput } from '../findings/index.js';
import { commitFindings } from '../findings/index.js';
import type { Recorded } from '../findings/unchanged-from.js';
import { recordOf } from '../findings/unchanged-from.js';
import type { BaseSide } from './base-side.js';
import { regionsDigest } from './base-side.js';
import { changedNamespaces } from './changed-namespaces.js';

interface KeptHead {
  readonly cluster: Cluster;
  /** The regions' digest (undefined: computed without regions). */
  readonly digest: string | undefined;
  readonly conn: Connectivity;
  /** Findings over `conn`, with what else they read. */
  findings?: { readonly input: Omit<FindingInput, 'conn'>; readonly config: string; readonly list: Finding[] };
  /** The last push's head, when this one's connectivity was computed anew after it, until this one's findings are. */
  previous?: PreviousHead;
}

/**
 * What head's findings may take of the last push's head (`headFindings`): its cluster, what its findings recorded
 * (findings/unchanged-from.ts) with their configuration, and its workloads' index (the classes of the namespaces
 * the step changed). Not its connectivity: a warm process must not hold two heads' at the analysis's peak.
 */
interface PreviousHead {
  readonly cluster: Cluster;
  readonly config: string;
  readonly record: Recorded;
  readonly index: ClassIndex;
}

/** One head per base side (the last push's); gone with the base side. */
const lastHeads = new WeakMap<BaseSide, KeptHead>();

/**
 * Heads of more workloads are not kept: a warm process must not hold a large cluster's connectivity (a
 * gigabyte at 100,000 workloads) beside the next push's base connectivity, computed before head's.
 */
const MAX_KEPT_WORKLOADS = 20_000;

/**
 * `computeConnectivity(cluster, regions)` for the head of an analysis against `side`, the last push's when
 * its cluster is equal to `cluster` and its regions' digest to `regions`'; `reuse` false (no warm state
 * asked: no base key or options that are not plain data) neither reuses nor keeps. The connectivity kept
 * is this one (so a push is compared with the one just before it).
 */
export function headConnectivity(side: BaseSide, cluster: Cluster, regions: RegionSet | undefined, reuse: boolean): Connectivity {
  if (!reuse) return computeConnectivity(cluster, regions);
  const last = lastHeads.get(side);
  // Dropped now: a new head's connectivity must not be held beside the last one at the analysis's peak.
  lastHeads.delete(side);
  const digest = regions && regionsDigest(regions);
  if (last && last.digest === digest && sameCluster(last.cluster, cluster)) {
    lastHeads.set(side, last);
    return last.conn;
  }
  const previous: PreviousHead | undefined = last?.findings && { cluster: last.cluster, config: last.findings.config, record: recordOf(last.conn), index: indexParts(last.conn.index)?.plain ?? last.conn.index };
  const conn = computeConnectivity(cluster, regions);
  if (cluster.workloads.length <= MAX_KEPT_WORKLOADS) lastHeads.set(side, { cluster, digest, conn, ...(previous ? { previous } : {}) });
  return conn;
}

/**
 * `commitFindings(input)` for the head of an analysis against `side`: the last push's when `input.conn` is
 * the connectivity kept by `headConnectivity` and the rest of the input equals the last one's. Else, after a
 * last push's head with the same configuration, the half-open and DNS findings the step does not reach are
 * that head's (`fromLastHead`) rather than base's, where the step changed fewer namespaces than the pull
 * request did.
 */
export function headFindings(side: BaseSide, input: FindingInput, reuse: boolean): Finding[] {
  const kept = reuse ? lastHeads.get(side) : undefined;
  if (!kept || kept.conn !== input.conn) return commitFindings(input);
  const config = JSON.stringify(input.config);
  const { conn: _conn, ...rest } = input;
  const known = kept.findings;
  if (known && known.config === config && sameFindingInput(known.input, rest)) return known.list;
  const list = commitFindings(fromLastHead(kept, input, config));
  kept.findings = { input: rest, config, list };
  kept.previous = undefined;
  return list;
}

/**
 * `input` taking what the last push's head recorded (`kept.previous`) where the step left a namespace as that head
 * had it: a finding reads its namespaces' objects, not the regions (findings over any region set of a cluster are
 * the same, as base-side.ts serves base's: without cluster-wide policies, which alone raise a finding over regions).
 * `input` itself when there is no such head, a cluster-wide part changed, or base's record leaves fewer to compute.
 */
function fromLastHead(kept: KeptHead, input: FindingInput, config: string): FindingInput {
  const previous = kept.previous;
  if (!previous || previous.config !== config || (kept.cluster.clusterPolicies ?? []).length > 0) return input;
  const changed = changedNamespaces(previous.cluster, kept.cluster);
  if (!changed || (input.unchangedFrom && input.unchangedFrom.changed.size <= changed.size)) return input;
  return { ...input, unchangedFrom: { conn: { index: previous.index }, changed, record: previous.record } };
}

/** Every field of two clusters equal: lists element by element (the loader hands unchanged files' very objects), the rest whole. */
export function sameCluster(a: Cluster, b: Cluster): boolean {
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Cluster)[]);
  for (const k of keys) {
    const x: unknown = a[k];
    const y: unknown = b[k];
    if (x === y) continue;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || !x.every((v, i) => v === y[i] || samePositioned(v, y[i]))) return false;
    } else if (!samePositioned(x, y)) return false;
  }
  return true;
}

/** Equal as data, positions included, and with them where a patch's positions were written before it (their side table is no field). */
export function samePositioned(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  const a = positionedText(x);
  return a !== undefined && a === positionedText(y);
}

/** JSON of `v` with each position's `writtenBefore`; undefined when some part is no plain data (then equal to nothing). */
function positionedText(v: unknown): string | undefined {
  let plain = true;
  const text = JSON.stringify(v, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'function' || typeof value === 'symbol') plain = false;
    if (value instanceof AddressSet) return { intervals: value.intervals };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) plain = false;
    const ref = value as { readonly file?: unknown; readonly line?: unknown };
    if (typeof ref.file === 'string' && typeof ref.line === 'number') {
      const before = writtenBefore(value as SourceRef);
      if (before !== undefined) return { ...value, '\u0000writtenBefore': before };
    }
    return value;
  });
  return plain ? text : undefined;
}

function sameFindingInput(a: Omit<FindingInput, 'conn'>, b: Omit<FindingInput, 'conn'>): boolean {
  const list = (x: readonly unknown[] | undefined, y: readonly unknown[] | undefined) => x === y || (x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => samePositioned(v, y[i])));
  const set = (x: ReadonlySet<string> | undefined, y: ReadonlySet<string> | undefined) => x === y || (x !== undefined && y !== undefined && x.size === y.size && [...x].every((v) => y.has(v)));
  return list(a.diagnostics, b.diagnostics) && list(a.unmodelled, b.unmodelled) && set(a.hostNetwork, b.hostNetwork);
}
