/**
 * When every path a change opens comes from new workloads that no policy isolates, reverting the
 * change would revert the feature; what is missing is a policy. This proposes it: a default-deny
 * NetworkPolicy (`podSelector: {}`) for each namespace of those workloads, in the directions they are
 * open in, as a patch adding one file. The proposal is checked by analysing head with the file added:
 * it is offered only when it closes every opened path and closes nothing the base allowed.
 */
import { withoutCombinedOpenings } from './combined-labels.js';
import type { PairDiff } from '../engine/index.js';
import { plural } from '../util/plural.js';
import { peerId } from '../engine/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { unifiedPatch } from './patch.js';
import type { DiffReport, ExplainedPair, Rollback } from './types.js';
import { dirOf } from '../util/repo-paths.js';

type Direction = 'ingress' | 'egress';

/** The new workloads' namespaces and the directions each is open in, or `undefined` when some opened path has another cause. */
export function unisolatedNewWorkloads(pairs: readonly ExplainedPair[]): Map<string, Set<Direction>> | undefined {
  const out = new Map<string, Set<Direction>>();
  const opened = pairs.filter((p) => p.opened);
  if (opened.length === 0) return undefined;
  for (const p of opened) {
    const cause = newAndOpen(p, 'dst', 'ingress') ?? newAndOpen(p, 'src', 'egress');
    if (!cause) return undefined;
    const dirs = out.get(cause.namespace) ?? new Set<Direction>();
    dirs.add(cause.direction);
    out.set(cause.namespace, dirs);
  }
  return out;
}

/** The end is a workload new in head that no head policy isolates in that direction. */
function newAndOpen(p: ExplainedPair, end: 'src' | 'dst', direction: Direction): { namespace: string; direction: Direction } | undefined {
  const peer = p[end];
  if (peer.type !== 'workload' || p.peerChanges[end] !== 'added') return undefined;
  const open = p.whyOpened.some((r) => r.kind === 'not-isolated' && r.side === 'head' && r.direction === direction && r.workload === peer.workload.id);
  return open ? { namespace: peer.workload.namespace, direction } : undefined;
}

/** One default-deny NetworkPolicy per namespace, in one multi-document YAML file. */
export function defaultDenyYaml(namespaces: ReadonlyMap<string, ReadonlySet<Direction>>): string {
  return [...namespaces]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([ns, dirs]) => {
      const types = (['ingress', 'egress'] as const).filter((d) => dirs.has(d)).map((d) => (d === 'ingress' ? 'Ingress' : 'Egress'));
      return ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: default-deny', `  namespace: ${ns}`, 'spec:', '  podSelector: {}', '  policyTypes:', ...types.map((t) => `    - ${t}`)].join('\n') + '\n';
    })
    .join('---\n');
}

export type Analyze = (base: ManifestFile[], head: ManifestFile[]) => DiffReport;

/**
 * The missing-policy rollback for a report, or `undefined` when it does not apply or would not close
 * every opened path without closing something else. `folder` is where the new file goes (beside the
 * new workloads' manifests).
 */
export function missingPolicyRollback(report: DiffReport, base: ManifestFile[], head: ManifestFile[], analyze: Analyze): Rollback | undefined {
  // Label-combination openings are no rollback target (combined-labels.ts).
  const namespaces = unisolatedNewWorkloads(withoutCombinedOpenings(report.pairs));
  if (!namespaces) return undefined;
  const firstNew = report.added.find((w) => namespaces.has(w.namespace));
  const folder = firstNew ? dirOf(firstNew.ref.file) : '';
  const names = [...namespaces.keys()].sort();
  const path = `${folder ? `${folder}/` : ''}default-deny-${names.length === 1 ? names[0] : 'new-namespaces'}.yaml`;
  if (head.some((f) => f.path === path)) return undefined;
  const text = defaultDenyYaml(namespaces);
  const after = analyze(base, [...head, { path, text }]);
  const closedBefore = new Set(report.pairs.filter((p) => p.closed).map(pairKey));
  // Pods the manifests do not hold in the namespace lose what no policy gave them: that is the point of a default-deny.
  const abstract = (p: (typeof after.pairs)[number]) => p.src.type === 'pods' || p.dst.type === 'pods';
  if (after.pairs.some((p) => p.opened && !abstract(p)) || after.pairs.some((p) => p.closed && !abstract(p) && !closedBefore.has(pairKey(p)))) return undefined;
  const newOnes = report.added.filter((w) => namespaces.has(w.namespace)).length;
  const egress = [...namespaces.values()].some((d) => d.has('egress'));
  const notes = [
    `Every opened path comes from ${plural(newOnes, 'new workload')} that no policy isolates (namespace${names.length === 1 ? '' : 's'} ${names.join(', ')}): instead of reverting the feature, add the missing default-deny policy (${path}), then allow what the workloads need.`,
    ...(egress ? ['It denies egress too, DNS included: add an egress rule to kube-dns if the workloads resolve names.'] : []),
    ...(folder ? [`If ${folder} is built by a kustomization, add the file to its resources.`] : []),
  ];
  return { documents: [], minimality: 'proven', remainingOpened: 0, patch: unifiedPatch(new Map([[path, { before: null, after: text }]])), hunks: [], notes, proposal: { file: path, text, namespaces: names } };
}

function pairKey(p: PairDiff): string {
  return `${peerId(p.src)} -> ${peerId(p.dst)}`;
}
