/**
 * Whether a headline's reach word (`everything`, `every namespace`, `the internet`: analysis/highlights.ts
 * Reach, read from the allowing rules) holds for the change's pairs: the word says every source (every
 * destination, for egress) has the path now, so the change's other ends must reach that far. The rules of
 * one end do not say it alone: a destination that now admits everything opens only to the sources whose
 * own egress lets them reach it (fresh-user 27, problem 4: `[pod with {app=web,cnpg.io/cluster=orders-db}]`
 * admits everything, but only `[pod with {app=api}]`'s egress reaches it on TCP 5433, so "opens … to
 * everything on TCP 5433" overstated the audience).
 *
 * Measured on the other ends (a group's peers, as its pairs have them): label space is cut into regions,
 * and the pods a wide rule admits beyond every namespace and label the manifests name make a `pods` end
 * whose selectors require only absences (`NotIn`, `DoesNotExist`, or nothing: `entire-cluster`,
 * `[namespace with {kubernetes.io/metadata.name NotIn (shop)}]/[all pods]`). So:
 * - `every namespace`: some `pods` end whose namespace part is such a selector (any pods of it);
 * - `everything`: such an end whose pod part is one too, and an address range;
 * - `the internet`: an address range that holds every IPv4 or every IPv6 address (as highlights.ts reads a rule's ipBlock).
 * Exceptions of an end (`except`) are pods whose traffic did not change as the line says; they do not make the word false.
 */
import type { LabelSelector, PeerRef } from '../engine/index.js';
import { AddressSet, requirements } from '../engine/index.js';
import type { Reach } from '../analysis/highlights.js';

/** True when `others` (the sources of an ingress change, the destinations of an egress one) reach as far as `reach` says. */
export function reachHolds(reach: Reach, others: readonly PeerRef[]): boolean {
  switch (reach) {
    case 'the internet':
      return others.some((p) => p.type === 'external' && (AddressSet.ALL_V4.isSubsetOf(p.addresses) || AddressSet.ALL_V6.isSubsetOf(p.addresses)));
    case 'every namespace':
      return others.some((p) => p.type === 'pods' && p.peer.namespace === undefined && onlyAbsences(p.peer.namespaceSelector));
    case 'everything':
      return others.some((p) => p.type === 'external') && others.some((p) => p.type === 'pods' && p.peer.namespace === undefined && onlyAbsences(p.peer.namespaceSelector) && onlyAbsences(p.peer.podSelector));
    default:
      return true;
  }
}

/** A selector that asks no label to be present (no `In`, no `Exists`): it holds the objects no selector names. Absent: every namespace. */
function onlyAbsences(s: LabelSelector | undefined): boolean {
  return s === undefined || requirements(s).every((r) => r.op === 'NotIn' || r.op === 'DoesNotExist');
}
