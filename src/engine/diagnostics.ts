import type { SourceRef } from './model.js';

/** Findings of the engine itself (input that is valid Kubernetes but cannot do what it seems to). */
export type EngineDiagnosticCode =
  | 'UNKNOWN_NAMED_PORT'
  | 'NAMED_PORT_TO_IPBLOCK'
  | 'INGRESS_SERVICE_NOT_FOUND'
  | 'INGRESS_PORT_NOT_FOUND'
  | 'INGRESS_TARGET_PORT_MATCH'
  | 'NETWORK_MAY_MATCH_PODS'
  | 'RELATED_LABELS_UNDECIDED'
  | 'TIER_PRIORITY_AMBIGUOUS';

export interface EngineDiagnostic {
  readonly code: EngineDiagnosticCode;
  readonly message: string;
  readonly ref: SourceRef;
  /** The policy (`namespace/name`) the diagnostic is about, when there is one. */
  readonly policy?: string;
  /** What of the policy it concerns, e.g. `metrics/TCP` for a named port. */
  readonly detail?: string;
}
