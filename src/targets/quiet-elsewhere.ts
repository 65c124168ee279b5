/**
 * A target's quiet changes (analysis/quiet-changes.ts) whose peers' namespace an Argo CD Application or a
 * Flux Kustomization deploys from another repository (`EXTERNAL_SOURCE` notices with a namespace): marked,
 * since that repository's policies and pods are read nowhere, so the change may open or close a path in the
 * cluster that no path here shows (new-user trial 41, finding 3). A peer that names its namespace is matched by
 * that name; one that picks namespaces by label (`[namespace with {team=trading}]`, `[all namespaces]`) by its
 * selector, against the namespace's labels where the manifests declare it (`DiffReport.namespaceLabels`), else
 * against the one label every namespace carries, its name (ux42's leftover 3). Pure.
 */
import type { DiffReport } from '../analysis/types.js';
import type { QuietPeer } from '../analysis/quiet-changes.js';
import { NAMESPACE_NAME_LABEL, matches } from '../engine/index.js';
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
      const [first, ...more] = namespacesOf(p, [...byNamespace.keys()], report.namespaceLabels);
      if (first === undefined) return p;
      marked = true;
      const n = byNamespace.get(first)!;
      return { ...p, elsewhere: { namespace: first, message: n.message, ...(n.ref ? { ref: n.ref } : {}), ...(more.length ? { more } : {}) } };
    }),
  }));
  return marked ? { ...report, quietChanges } : report;
}

/** Of `candidates` (in order), the namespaces the peer picks: the one it names, else those its namespace selector matches. */
function namespacesOf(p: QuietPeer, candidates: readonly string[], labels: DiffReport['namespaceLabels']): string[] {
  if (p.namespace !== undefined) return candidates.filter((n) => n === p.namespace);
  const selector = p.namespaceSelector;
  if (!selector) return [];
  return candidates.filter((n) => matches(selector, labels?.get(n) ?? { [NAMESPACE_NAME_LABEL]: n }));
}
