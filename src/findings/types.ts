/**
 * A finding: something risky or dead in the policies themselves (beside the loader's warnings about the
 * input as read). Data only, with a closed `code`; renderers print it, the check and the exit code count it.
 */
import type { SourceRef } from '../engine/model.js';
import { lineFree } from '../util/line-free.js';
import { scopedPolicyId } from '../engine/policy-terms.js';

/** The closed list of finding codes; each has an entry in the catalogue (title, help, default severity). */
export type FindingCode =
  | 'DNS_EGRESS_MISSING'
  | 'DNS_TCP_MISSING'
  | 'PERMISSIVE_RULE'
  | 'CROSS_NAMESPACE_PATH'
  | 'UNPROTECTED_WORKLOAD'
  | 'POLICY_SELECTS_NOTHING'
  | 'RULES_IGNORED_BY_POLICY_TYPES'
  | 'PEER_SELECTS_NOTHING'
  | 'UNKNOWN_NAMED_PORT'
  | 'HALF_OPEN_EGRESS'
  | 'HALF_OPEN_INGRESS'
  | 'AMBIGUOUS_PRIORITY'
  | 'COMMON_LABELS_NARROWING'
  | 'NAMESPACE_OVERRIDDEN'
  | 'MANIFEST_REJECTED';

/** Ordered from most to least severe. */
export type FindingSeverity = 'error' | 'warning' | 'notice';
export const FINDING_SEVERITIES: readonly FindingSeverity[] = ['error', 'warning', 'notice'];

export interface Finding {
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  /** One sentence saying what is wrong and what follows from it. */
  readonly message: string;
  /** The line responsible (the rule, the policy, or the workload). */
  readonly ref: SourceRef;
  /** What the finding is about: a peer id (`ns/name[Kind]`) or a policy id (`ns/name`). */
  readonly subject: string;
  /**
   * What, of the subject, it concerns (a direction, a rule's peer, a destination). With `code` and `subject`
   * it identifies the finding across commits without line numbers, so moving a file makes nothing new.
   */
  readonly object: string;
  /** How to fix it, in one sentence. */
  readonly fix: string;
  /**
   * CROSS_NAMESPACE_PATH: every workload (peer id, sorted) at each end of the paths it reports; the
   * message names a bounded number of them. Absent for other codes.
   */
  readonly sources?: readonly string[];
  readonly destinations?: readonly string[];
  /**
   * HALF_OPEN_*: the workloads (peer ids, in class order) at each end of the rule's useless allow: the rule's own
   * workloads and the peers refusing it, as sources and destinations. Either end made new alone makes the finding
   * (the rule reached nothing, or held no pods, before), so a diff cites a new one at an added workload when every
   * one of an end is added (analysis/added-workload-findings.ts). Not rendered; absent for other codes.
   */
  readonly ends?: { readonly sources: readonly string[]; readonly destinations: readonly string[] };
  /**
   * Other lines of what the finding is about, whose edit is an edit of it: HALF_OPEN_*'s rule ports (the finding
   * stands at the rule's peer; a change of the ports alone can make it); a DNS_*_MISSING of address rules that may
   * take the lookups away (findings/dns-egress.ts), the rules it cites after the first (two partial Denies together:
   * adding the second makes it). A diff cites a new finding whose own line
   * the change leaves alone at the first of these it edits (analysis/finding-parts.ts), and never moves one whose
   * part the change edits to an added workload. Not rendered; absent for other codes.
   */
  readonly parts?: readonly SourceRef[];
  /**
   * The two folders whose namespace-less objects were placed together in `default` for this finding to
   * arise (targets/placement-assumption.ts): it is then a notice. Absent otherwise.
   */
  readonly assumedPlacement?: readonly string[];
  /**
   * The subjects of the same finding made from the same line in other namespaces of the model (a chart's template
   * two Applications render, a base two overlays deploy: same-line-copies.ts), told once here. Absent otherwise.
   */
  readonly alsoFor?: readonly string[];
  /**
   * The message and fix told once for this finding and its counterpart of the other direction, in prose (text
   * and the comment), when both are listed: UNPROTECTED_WORKLOAD of a workload no policy isolates either way
   * (new-user 46: 12 lines for 6 workloads at the report's top). JSON, SARIF and the annotations keep each.
   */
  readonly bothDirections?: { readonly message: string; readonly fix: string };
}

/** A head finding in `diff`: `new` when base did not have it. */
export interface DiffFinding extends Finding {
  readonly new: boolean;
  /**
   * In the report over several targets: the targets that hold this finding, when more than one does (a file
   * they all build; findings/across-targets.ts). Their own lists keep each its own copy. Absent otherwise.
   */
  readonly targets?: readonly string[];
}

/**
 * The identity used to match findings of base and head: code, subject and object, with any `file:line`
 * they cite left out (an object a message names by its position, MANIFEST_REJECTED's, is the same object
 * when lines move above it).
 */
export function findingKey(f: Pick<Finding, 'code' | 'subject' | 'object'>): string {
  // A cluster-scoped policy's copy is the policy (`scopedPolicyId`): which copy a finding was told on depends
  // on the namespaces the side holds, so a namespace added in head made base's findings of the policy new.
  return `${f.code}\u0000${scopedPolicyId(lineFree(f.subject))}\u0000${lineFree(f.object)}`;
}

export function severityRank(s: FindingSeverity): number {
  return FINDING_SEVERITIES.indexOf(s);
}

/** `s` is at least as severe as `level`. */
export function atLeast(s: FindingSeverity, level: FindingSeverity): boolean {
  return severityRank(s) <= severityRank(level);
}

/** Most severe first, then by file and line, then code and subject, so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    cmp(a.ref.file, b.ref.file) ||
    a.ref.line - b.ref.line ||
    cmp(a.code, b.code) ||
    cmp(a.subject, b.subject) ||
    cmp(a.object, b.object)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
