/**
 * What the readers of one Cilium policy share: where they report (the object, its namespace, its label in
 * messages) and the intermediate form of a rule, before cilium-policy.ts turns it into model parts.
 */
import type { AddressSet } from '../../engine/address-set.js';
import type { CiliumPolicyKind, LabelSelector, PortSpec, SourceRef } from '../../engine/model.js';
import type { DocContext } from '../context.js';
import type { CidrGroupUse } from './cilium-cidr-group.js';

/** Where a peer selector lands: pods of the policy's own namespace, or of namespaces a selector picks. */
export interface PeerSelector {
  readonly namespaces: 'own' | LabelSelector;
  readonly pods: LabelSelector;
}

/** A rule's peer; `written`: the field and index it is written at (`fromEndpoints[1]`), for explain's words. */
export type CPeer =
  | { readonly kind: 'pods'; readonly sel: PeerSelector; readonly ref: SourceRef; readonly written: string }
  | { readonly kind: 'addresses'; readonly block: AddressSet; readonly cidrs: readonly string[]; readonly ref: SourceRef; readonly written: string }
  /** A `cidrGroupRef` / `cidrGroupSelector` entry: addresses known once the build's CiliumCIDRGroups are (cilium-cidr-group.ts). `where`: the entry, for the warning when none answers. */
  | { readonly kind: 'group'; readonly use: CidrGroupUse; readonly ref: SourceRef; readonly written: string; readonly where: string };

/** One allow or deny rule as read. */
export interface CRule {
  /** `any`: no L3 field, every peer. */
  readonly peers: 'any' | readonly CPeer[];
  readonly ports: 'any' | readonly PortSpec[];
  readonly ref: SourceRef;
  /** An egress allow rule's `toEntities` item `host` (model Rule `hostEntity`); absent: none. */
  readonly hostEntity?: { readonly ref: SourceRef };
}

export interface Scope {
  readonly ctx: DocContext;
  readonly kind: CiliumPolicyKind;
  /** The policy's namespace; undefined for the clusterwide kind. */
  readonly namespace: string | undefined;
  readonly where: string;
}

/** Reports an INVALID_FIELD error for the policy; always undefined, so readers can `return invalid(...)`. */
export function invalid(scope: Scope, message: string, ref: SourceRef): undefined {
  scope.ctx.report('error', 'INVALID_FIELD', `${scope.where}: ${message}`, ref);
  return undefined;
}
