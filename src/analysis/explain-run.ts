/**
 * `reachdiff explain` and `diff --explain`: load, resolve the asked pair, explain it on one side (or on
 * base and head), and suggest the smallest verified edits where the side that matters denies it.
 */
import type { Connectivity, Direction, Edit, PairExplanation, PairQuery, PeerRef, Workload } from '../engine/index.js';
import { computeConnectivity, explainPair, smallestEdits } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { allDiagnostics } from '../report/warnings.js';
import type { Resolved } from './explain-query.js';
import { resolveQuery } from './explain-query.js';

export interface ExplainArgs {
  readonly from: string;
  readonly to: string;
  /** `--port` values; none means every port of every protocol. */
  readonly ports: readonly string[];
}

/** One side's answer: the explanation and its edits, or the ends that do not exist on that side. */
export type SideAnswer =
  | { readonly kind: 'explained'; readonly explanation: PairExplanation; readonly edits: ReadonlyMap<Direction, readonly Edit[]> }
  | { readonly kind: 'absent'; readonly query: PairQuery; readonly absent: readonly ('src' | 'dst')[] };

export interface ExplainReport {
  readonly query: PairQuery;
  /** Every workload of the manifests, for naming peers short and exact. */
  readonly workloads: readonly Workload[];
  readonly answer: SideAnswer;
  readonly warnings: readonly Diagnostic[];
}

export interface ExplainDiffReport {
  readonly query: PairQuery;
  /** Head's workloads, then those only in base. */
  readonly workloads: readonly Workload[];
  readonly base: SideAnswer;
  readonly head: SideAnswer;
  readonly warnings: { readonly base: readonly Diagnostic[]; readonly head: readonly Diagnostic[] };
}

export function explainFiles(files: readonly ManifestFile[], args: ExplainArgs): Resolved<ExplainReport> {
  const loaded = loadManifests(files);
  const conn = computeConnectivity(loaded.cluster);
  const q = resolveQuery(loaded.cluster, args.from, args.to, args.ports);
  if (!q.ok) return q;
  return { ok: true, value: { query: q.value, workloads: loaded.cluster.workloads, answer: answer(conn, q.value, true), warnings: allDiagnostics(loaded.diagnostics, conn.diagnostics) } };
}

/** Resolved on head, or on base for an end that exists only there; edits are suggested for head only. */
export function explainDiffFiles(baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], args: ExplainArgs): Resolved<ExplainDiffReport> {
  const base = loadManifests(baseFiles);
  const head = loadManifests(headFiles);
  const baseConn = computeConnectivity(base.cluster);
  const headConn = computeConnectivity(head.cluster);
  const inHead = new Set(head.cluster.workloads.map((w) => w.id));
  const workloads = [...head.cluster.workloads, ...base.cluster.workloads.filter((w) => !inHead.has(w.id))];
  const merged = { ...head.cluster, workloads };
  const q = resolveQuery(merged, args.from, args.to, args.ports);
  if (!q.ok) return q;
  return {
    ok: true,
    value: {
      query: q.value,
      workloads,
      base: answer(baseConn, q.value, false),
      head: answer(headConn, q.value, true),
      warnings: { base: allDiagnostics(base.diagnostics, baseConn.diagnostics), head: allDiagnostics(head.diagnostics, headConn.diagnostics) },
    },
  };
}

function answer(conn: Connectivity, query: PairQuery, withEdits: boolean): SideAnswer {
  const present = (p: PeerRef) => p.type !== 'workload' || conn.index.classOf.has(p.workload.id);
  const absent = (['src', 'dst'] as const).filter((end) => !present(query[end]));
  if (absent.length) return { kind: 'absent', query, absent };
  const explanation = explainPair(conn, query);
  return { kind: 'explained', explanation, edits: withEdits ? smallestEdits(conn, explanation) : new Map() };
}
