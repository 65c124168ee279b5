/**
 * Paths that change only by where namespace-less policies are assumed to be (real-eval 11, E/D): a target
 * the change adds or removes reads policies naming no namespace, nothing else names one (no target
 * namespace, namespaceFromPath, kustomization `namespace:` nor --namespace), and they are placed in
 * `default` (targets/default-namespace.ts), while the target declares a Namespace of its own (repro 04's overlay
 * holds Namespace demo-cicd). `kubectl apply -k` puts them in the context's namespace, Argo CD in the
 * Application's destination: their paths toward `default`'s pods are one reading, not a finding. A target
 * declaring no Namespace (a folder of plain policies) keeps its paths counted (test/targets/unbuilt-moves.test.ts).
 *
 * A path rests on that placement when every policy its reasons cite (both sides) is in one of the placed
 * files, at least one is, and its ends in `default` are pods the manifests do not hold: a workload the
 * manifests hold in `default` keeps its paths counted (it is there, and so is what governs it). Such paths
 * go with the paths of pods probably gone (DiffReport.assumedGone, report/assumed-gone.ts): taken apart,
 * both readings said, not counted for the exit code.
 */
import type { PairDiff, PeerRef, Reason } from '../engine/index.js';

const DEFAULT = 'default';

/** `namespace/name` and file of each policy a pair's reasons cite (rules, isolation, a removed or unreadable policy). */
export function citedPolicies(reasons: readonly Reason[]): { policy: string; file: string }[] {
  const out: { policy: string; file: string }[] = [];
  for (const r of reasons) if ('policy' in r && 'ref' in r) out.push({ policy: r.policy, file: r.ref.file });
  return out;
}

/** Whether an end is in `default`: a workload the manifests hold there (`held`), or pods they do not (`pods`). */
function inDefault(end: PeerRef): 'held' | 'pods' | undefined {
  if (end.type === 'workload') return end.workload.namespace === DEFAULT ? 'held' : undefined;
  if (end.type === 'pods') return end.peer.namespace === DEFAULT ? 'pods' : undefined;
  return undefined;
}

/**
 * Paths whose change rests only on placing the namespace-less policies of `placed` (file paths) in
 * `default`; never any when `placed` is empty.
 */
export function placedFilter(placed: readonly string[]): (p: PairDiff & { readonly whyOpened: readonly Reason[]; readonly whyClosed: readonly Reason[] }) => boolean {
  if (placed.length === 0) return () => false;
  const files = new Set(placed);
  return (p) => {
    const ends = [inDefault(p.src), inDefault(p.dst)];
    if (ends.includes('held') || !ends.includes('pods')) return false;
    const cited = citedPolicies([...p.whyOpened, ...p.whyClosed]);
    return cited.length > 0 && cited.every((c) => c.policy.startsWith(`${DEFAULT}/`) && files.has(c.file));
  };
}

/** The folders of the placed files the paths cite, sorted (`tenants/defaults/networkpolicy`; `.` at the top). */
export function placedFolders(pairs: readonly { readonly whyOpened: readonly Reason[]; readonly whyClosed: readonly Reason[] }[]): string[] {
  const out = new Set<string>();
  for (const p of pairs) for (const c of citedPolicies([...p.whyOpened, ...p.whyClosed])) out.add(c.file.includes('/') ? c.file.slice(0, c.file.lastIndexOf('/')) : '.');
  return [...out].sort();
}
