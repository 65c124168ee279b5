/**
 * When "no change" is not proven: the pull request changes policies or namespaces and the analysis of pods the
 * manifests do not hold was cut short by the region bound (`abstractPeers.incomplete`), or a changed rule names
 * ports that pods the manifests do not hold may number any way (`abstractPeers.unresolvedNamedPorts`). The
 * check run is then never `success` (check-run.ts), and a target of several that found no change says so in
 * the headline and keeps its section, whose notes tell why (targets-markdown.ts; real-eval 8: kubeflow
 * 67707dcfd read "… example: no change" while the target alone printed "Incomplete"). Likewise when "no change"
 * holds only if targets only one side has were deployed with this one (a fold, assumed-fold.ts) and the other
 * reading changes paths: the verdict gives both readings (verdict.ts); and when paths of pods the change probably
 * removes were set apart (assumed-gone.ts). None of them changes the CLI's exit
 * code, which counts what was found (docs/cli.md, "Unproven no change").
 */
import type { DiffReport } from '../analysis/types.js';
import { incompleteNote, unresolvedNamedPortsNote } from './abstract-groups.js';
import { foldCondition } from './assumed-fold.js';
import { goneReason } from './assumed-gone.js';

/** Documents whose change can change what pods the manifests do not hold may do (`Kind/namespace/name`). */
const POLICY_OBJECT = /^(NetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy|ClusterNetworkPolicy|Namespace)\//;

export interface Unproven {
  /** incompleteNote's text, when the analysis was cut short (whether or not the change makes it matter). */
  readonly incomplete?: string;
  /** unresolvedNamedPortsNote's text (plain references). */
  readonly unresolved?: string;
  /** The analysis was cut short and the pull request changes policies or namespaces: that makes it matter. */
  readonly incompleteMatters: boolean;
  /** Why "no change" is not proven, in a few words each (empty when it is proven). */
  readonly reasons: readonly string[];
}

export function unproven(report: Pick<DiffReport, 'abstractPeers' | 'changes' | 'assumedFold' | 'assumedGone'>): Unproven {
  const incomplete = incompleteNote(report);
  const unresolved = unresolvedNamedPortsNote(report);
  const changesPolicies = report.changes.some((c) => c.objects.some((o) => POLICY_OBJECT.test(o)));
  const incompleteMatters = incomplete !== undefined && changesPolicies;
  const reasons = [
    ...(incompleteMatters ? ['incomplete for pods the manifests do not hold'] : []),
    ...(unresolved !== undefined ? ['named ports toward pods the manifests do not hold unresolved'] : []),
    ...(report.assumedFold ? [foldReason(report.assumedFold)] : []),
    // Paths not counted because their pods are probably gone (assumed-gone.ts): "no change" holds only then.
    ...(report.assumedGone ? [goneReason(report.assumedGone)] : []),
  ];
  return { ...(incomplete !== undefined ? { incomplete } : {}), ...(unresolved !== undefined ? { unresolved } : {}), incompleteMatters, reasons };
}

/** The reason a fold's assumption gives (`only if contrib/netpol was deployed on its own`); the headline says both readings instead (targets-markdown.ts). */
export function foldReason(fold: NonNullable<DiffReport['assumedFold']>): string {
  return `only if ${foldCondition(fold)}`;
}
