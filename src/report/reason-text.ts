/** One line of prose per reason, e.g. `allowed by default/web ingress rule 1 (k8s/web.yaml:14)`. */
import type { Reason, SourceRef } from '../engine/index.js';

export type RefFormatter = (ref: SourceRef, side: 'base' | 'head') => string;

/**
 * A policy named with its kind: `NetworkPolicy shop/cart` (a bare `shop/cart` reads like the workload
 * of that name), `AdminNetworkPolicy deny-all` for the cluster-wide kinds (ids `Kind/name`).
 */
export function policyName(id: string): string {
  return /^(AdminNetworkPolicy|BaselineAdminNetworkPolicy|ClusterNetworkPolicy)\//.test(id) ? id.replace('/', ' ') : `NetworkPolicy ${id}`;
}

export const plainRef: RefFormatter = (ref, side) => `${side === 'base' ? 'base:' : ''}${ref.file}:${ref.line}`;

export function reasonText(r: Reason, fmt: RefFormatter = plainRef): string {
  switch (r.kind) {
    case 'allowed-by-rule':
      return `${r.side === 'head' ? 'allowed' : 'was allowed'} by ${policyName(r.policy)} ${r.direction} rule ${r.rule + 1} (${fmt(r.ref, r.side)})`;
    case 'not-isolated':
      return `${r.side === 'head' ? '' : 'in base, '}no policy isolates ${r.workload} for ${r.direction}`;
    case 'isolated-by':
      return r.side === 'head'
        ? `${policyName(r.policy)} isolates ${r.direction} without allowing it (${fmt(r.ref, r.side)})`
        : `in base, ${policyName(r.policy)} isolated ${r.direction} without allowing it (${fmt(r.ref, r.side)})`;
    case 'rule-differs':
      return r.side === 'head'
        ? `${policyName(r.policy)} ${r.direction} rule ${r.rule + 1} no longer allows it (${fmt(r.ref, r.side)})`
        : `in base, ${policyName(r.policy)} ${r.direction} rule ${r.rule + 1} did not allow it (${fmt(r.ref, r.side)})`;
    case 'policy-absent':
      return r.side === 'head' ? `${policyName(r.policy)} was removed (${fmt(r.ref, 'base')})` : `${policyName(r.policy)} is new (${fmt(r.ref, 'head')})`;
    case 'workload-added':
      return `workload ${r.workload} is new (${fmt(r.ref, 'head')})`;
    case 'workload-removed':
      return `workload ${r.workload} was removed (${fmt(r.ref, 'base')})`;
    case 'ingress-backend':
      return `exposed through Ingress ${r.ingress} (${fmt(r.ref, r.side)})`;
    case 'tier-rule': {
      const verb = { Allow: 'allowed', Deny: 'denied', Pass: 'passed to the next tier' }[r.action];
      return `${r.side === 'head' ? '' : 'in base, '}${verb} by ${r.policy.replace('/', ' ')} ${r.direction} rule ${r.rule + 1} (${r.tier} tier, ${fmt(r.ref, r.side)})`;
    }
  }
}
