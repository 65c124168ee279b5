/**
 * A target's quiet changes (analysis/quiet-changes.ts) whose peers' namespace an Argo CD Application or a
 * Flux Kustomization deploys from another repository (`EXTERNAL_SOURCE` notices with a namespace): marked,
 * since that repository's policies and pods are read nowhere, so the change may open or close a path in the
 * cluster that no path here shows (new-user trial 41, finding 3). Pure.
 */
import type { DiffReport } from '../analysis/types.js';
import type { Notice } from './types.js';

/** `report` with each quiet peer in such a namespace marked (`QuietPeer.elsewhere`, the first notice's words); the very report when none is. */
export function withElsewhere<R extends DiffReport>(report: R, notices: readonly Notice[]): R {
  if (!report.quietChanges?.length) return report;
  const byNamespace = new Map<string, Notice>();
  for (const n of notices) if (n.code === 'EXTERNAL_SOURCE' && n.namespace !== undefined && !byNamespace.has(n.namespace)) byNamespace.set(n.namespace, n);
  if (byNamespace.size === 0) return report;
  let marked = false;
  const quietChanges = report.quietChanges.map((c) => ({
    ...c,
    peers: c.peers.map((p) => {
      const n = p.namespace === undefined ? undefined : byNamespace.get(p.namespace);
      if (!n) return p;
      marked = true;
      return { ...p, elsewhere: { namespace: p.namespace!, message: n.message, ...(n.ref ? { ref: n.ref } : {}) } };
    }),
  }));
  return marked ? { ...report, quietChanges } : report;
}
