/**
 * When "no change" is not proven: the pull request changes policies or namespaces and the analysis of pods the
 * manifests do not hold was cut short by the region bound (`abstractPeers.incomplete`), or a changed rule names
 * ports that pods the manifests do not hold may number any way (`abstractPeers.unresolvedNamedPorts`). The
 * check run is then never `success` (check-run.ts), and a target of several that found no change says so in
 * the headline and keeps its section, whose notes tell why (targets-markdown.ts; real-eval 8: kubeflow
 * 67707dcfd read "… example: no change" while the target alone printed "Incomplete"). Likewise when "no change"
 * holds only if targets only one side has were deployed with this one (a fold, assumed-fold.ts) and the other
 * reading changes paths: the verdict gives both readings (verdict.ts); and when paths of pods the change probably
 * removes were set apart (assumed-gone.ts); and when a rule the change brings names peers manifests cannot resolve
 * (UNSUPPORTED_PEER: a Cilium `toFQDNs`, an AdminNetworkPolicy `nodes` peer), analysed as matching nothing, so
 * what it allows or denies toward them is in no path (new-user trial 33: a `toFQDNs` rule read ✅, `success`); and
 * when a changed rule's peers are denied it only because the model reads an `ipBlock` of their isolating policies
 * as never holding pods, while it may hold pod IPs (quiet-changes.ts `ipBlocks`: a real repository's rule admitting
 * its namespace's pods gained TCP 8008, their egress allowed only to 0.0.0.0/0, which Calico matches pods by; or a
 * Deny rule's peers the other side denied only so: `already-denied` `ipBlocks`).
 * None of them changes the CLI's exit code, which counts what was found (docs/cli.md, "Unproven no change").
 */
import type { DiffReport } from '../analysis/types.js';
import { incompleteNote, unresolvedNamedPortsNote } from './abstract-groups.js';
import { foldCondition } from './assumed-fold.js';
import { goneReason } from './assumed-gone.js';
import { POLICY_KIND } from '../analysis/gone-pods.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { RefFormatter } from './reason-text.js';
import { plainRef } from './reason-text.js';
import { matchWarnings } from './warning-match.js';
import { elsewhereReason, podAddressReason } from './quiet-text.js';

/**
 * Objects (`Kind/namespace/name`) whose change can change what pods the manifests do not hold may do: the
 * policy kinds the model reads (Cilium's too: a change to them alone left an incomplete analysis "proven") and Namespaces.
 */
function policyObject(key: string): boolean {
  const kind = key.slice(0, key.indexOf('/'));
  return kind === 'Namespace' || POLICY_KIND.test(kind);
}

/** UNSUPPORTED_PEER warnings head has and base did not (warning-match.ts): peers a rule the change brings names, analysed as matching nothing. */
export function unresolvedPeers(report: Pick<DiffReport, 'warnings'>): Diagnostic[] {
  const peers = report.warnings.head.filter((d) => d.code === 'UNSUPPORTED_PEER');
  if (peers.length === 0) return [];
  const { fresh } = matchWarnings(report.warnings);
  return peers.filter((d) => fresh.has(d));
}

/** Said under the verdict in every format when `unresolvedPeers` has some: where they are written. */
export function unresolvedPeersNote(report: Pick<DiffReport, 'warnings'>, fmt: RefFormatter = plainRef): string | undefined {
  const list = unresolvedPeers(report);
  if (list.length === 0) return undefined;
  return `A rule this change brings names peers that manifests cannot resolve, analysed as matching nothing: what it allows or denies toward them is not analysed (${list.map((d) => fmt(d.ref, 'head')).join(', ')}).`;
}

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

export function unproven(report: Pick<DiffReport, 'abstractPeers' | 'changes' | 'assumedFold' | 'assumedGone' | 'warnings' | 'quietChanges'>): Unproven {
  const incomplete = incompleteNote(report);
  const unresolved = unresolvedNamedPortsNote(report);
  const changesPolicies = report.changes.some((c) => c.objects.some(policyObject));
  const incompleteMatters = incomplete !== undefined && changesPolicies;
  const reasons = [
    ...(incompleteMatters ? ['incomplete for pods the manifests do not hold'] : []),
    ...(unresolved !== undefined ? ['named ports toward pods the manifests do not hold unresolved'] : []),
    ...(report.assumedFold ? [foldReason(report.assumedFold)] : []),
    // Paths not counted because their pods are probably gone (assumed-gone.ts): "no change" holds only then.
    ...(report.assumedGone ? [goneReason(report.assumedGone)] : []),
    ...(unresolvedPeers(report).length > 0 ? ['peers manifests cannot resolve named by a changed rule'] : []),
    // A changed rule whose peers' namespace another repository deploys: its policies there may open what no path here shows (quiet-text.ts).
    ...[elsewhereReason(report)].filter((r): r is string => r !== undefined),
    // A changed rule's peers denied only as the model reads ipBlock (never pods), by one that may hold pod IPs (quiet-text.ts).
    ...[podAddressReason(report)].filter((r): r is string => r !== undefined),
  ];
  return { ...(incomplete !== undefined ? { incomplete } : {}), ...(unresolved !== undefined ? { unresolved } : {}), incompleteMatters, reasons };
}

/** The reason a fold's assumption gives (`only if contrib/netpol was deployed on its own`); the headline says both readings instead (targets-markdown.ts). */
export function foldReason(fold: NonNullable<DiffReport['assumedFold']>): string {
  return `only if ${foldCondition(fold)}`;
}
