/** One `diff` run: load both sides, diff, explain every changed pair, and search the rollback. */
import type { Connectivity, PairDiff, PeerRef } from '../engine/index.js';
import { computeConnectivity, diffConnectivity, explainClosed, explainOpened, findRollback } from '../engine/index.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { LoadResult, ManifestFile } from '../manifests/load.js';
import { loadManifests, mergeDocuments } from '../manifests/load.js';
import { allDiagnostics } from '../report/warnings.js';
import { documentChanges, documentKeys } from './document-changes.js';
import { replacementHunks, revertedFiles, unifiedPatch } from './patch.js';
import type { DiffReport, DocumentChange, ExplainedPair, Rollback } from './types.js';

export interface DiffOptions {
  /** Pairs with a workload in one of these namespaces are left out of the report. */
  readonly ignoreNamespaces?: readonly string[];
  /** Bounds for the exact rollback search (defaults: 512 evaluations, 3 seconds). */
  readonly rollbackMaxEvaluations?: number;
  readonly rollbackMaxMillis?: number;
}

export function analyzeDiff(baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], options: DiffOptions = {}): DiffReport {
  const base = loadManifests(baseFiles);
  const head = loadManifests(headFiles);
  const baseConn = computeConnectivity(base.cluster);
  const headConn = computeConnectivity(head.cluster);
  const keep = pairFilter(options.ignoreNamespaces ?? []);
  const diff = diffConnectivity(baseConn, headConn);
  const pairs: ExplainedPair[] = diff.pairs.filter(keep).map((p) => ({
    ...p,
    whyOpened: explainOpened(baseConn, headConn, p),
    whyClosed: explainClosed(baseConn, headConn, p),
  }));
  const changes = documentChanges(base.documents, head.documents);
  const counts = { opened: pairs.filter((p) => p.opened).length, closed: pairs.filter((p) => p.closed).length };
  const rollback = counts.opened === 0 ? noRollback() : searchRollback(base, head, baseConn, headFiles, changes, keep, options);
  return {
    pairs,
    added: diff.added,
    removed: diff.removed,
    changes,
    rollback,
    warnings: {
      base: allDiagnostics(base.diagnostics, baseConn.diagnostics),
      head: allDiagnostics(head.diagnostics, headConn.diagnostics),
    },
    counts,
  };
}

function pairFilter(ignored: readonly string[]): (p: PairDiff) => boolean {
  if (ignored.length === 0) return () => true;
  const set = new Set(ignored);
  const hidden = (peer: PeerRef) => peer.type === 'workload' && set.has(peer.workload.namespace);
  return (p) => !hidden(p.src) && !hidden(p.dst);
}

function noRollback(): Rollback {
  return { documents: [], minimality: 'proven', remainingOpened: 0, patch: '', hunks: [], notes: [] };
}

function searchRollback(
  base: LoadResult,
  head: LoadResult,
  baseConn: Connectivity,
  headFiles: readonly ManifestFile[],
  changes: readonly DocumentChange[],
  keep: (p: PairDiff) => boolean,
  options: DiffOptions,
): Rollback {
  const baseDocs = documentKeys(base.documents);
  const headDocs = documentKeys(head.documents);
  // Only documents that feed the model can change connectivity.
  const candidates = changes.filter((c) => c.objects.length > 0);
  const openedAfter = (revert: ReadonlySet<string>): number => {
    const docs = [...headDocs].filter(([key]) => !revert.has(key)).map(([, d]) => d);
    for (const key of revert) {
      const b = baseDocs.get(key);
      if (b) docs.push(b);
    }
    const conn = computeConnectivity(mergeDocuments(docs));
    return diffConnectivity(baseConn, conn).pairs.filter((p) => p.opened && keep(p)).length;
  };
  const started = Date.now();
  const maxMillis = options.rollbackMaxMillis ?? 3000;
  const search = findRollback(
    candidates.map((c) => c.key),
    openedAfter,
    { maxEvaluations: options.rollbackMaxEvaluations ?? 512, expired: () => Date.now() - started > maxMillis },
  );
  const documents = candidates.filter((c) => search.revert.includes(c.key));
  const notes: string[] = [];
  if (search.minimality === 'greedy' && search.remainingOpened === 0) {
    notes.push(`The search was bounded (${search.evaluations} evaluations): no document of this set can be left out, but a smaller set of other documents may exist.`);
  }
  if (search.remainingOpened > 0) notes.push(`Even reverting every changed document leaves ${search.remainingOpened} opened path(s).`);
  return {
    documents,
    minimality: search.minimality,
    remainingOpened: search.remainingOpened,
    patch: unifiedPatch(revertedFiles(headFiles, documents)),
    hunks: replacementHunks(documents),
    notes,
  };
}

export type { Diagnostic };
