/**
 * The policy objects one side of a cluster model applies (and its workloads), as renamed-targets.ts needs
 * them to tell a target whose objects moved into another target from one whose objects are gone: each policy by its
 * identity (`NetworkPolicy/namespace/name`; `AdminNetworkPolicy/name` and the other cluster-scoped kinds
 * by `Kind/name`, as the engine keys them) with a fingerprint of what it does.
 *
 * The files are the side's files as `diff` analyses them (kustomizations rendered, namespaces placed), so
 * an identity is the object's name in the cluster, not in its source file. The fingerprint is the spec as
 * the engine reads it (selectors, policyTypes as defaulted, rules, peers, ports, tiers and priorities),
 * with source positions left out and map keys sorted: two policies that do the same thing written in other
 * files, with other annotations or labels, other YAML layouts or under other names have the same one.
 */
import { AddressSet } from '../engine/address-set.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';

/** Identity (`NetworkPolicy/ns/name`, `Kind/name`) → fingerprint (canonical JSON of the spec, namespace included). */
export type PolicyIdentities = ReadonlyMap<string, string>;

/** Identities of workloads start with it (`Workload/ns/name[Kind]`): a move keeps them too, but a rename is a policy's only. */
export const WORKLOAD_IDENTITY = 'Workload/';

/**
 * The modelled policies these files apply (last copy of each, as `kubectl apply` leaves it), and with
 * `workloads`, their workloads too (`Workload/namespace/name[Kind]`, fingerprinted by pod labels and named
 * ports: what the engine reads of them). Policy kinds reachdiff does not model (Calico, Cilium …) and
 * objects the API server would reject are not counted.
 */
export function policyIdentities(files: readonly ManifestFile[], workloads = false): PolicyIdentities {
  const { cluster } = loadManifests(files);
  const out = new Map<string, string>();
  for (const p of cluster.policies) out.set(`NetworkPolicy/${p.id}`, fingerprint(['NetworkPolicy', p.namespace, p.podSelector, p.affects, p.ingress, p.egress]));
  for (const c of cluster.clusterPolicies ?? []) out.set(c.id, fingerprint([c.kind, c.tier, c.priority, c.subject, c.ingress, c.egress]));
  if (workloads) for (const w of cluster.workloads) out.set(`${WORKLOAD_IDENTITY}${w.id}`, fingerprint(['Workload', w.namespace, w.podLabels, w.namedPorts]));
  return out;
}

/** Canonical JSON: `ref` (source positions) dropped, object keys sorted, address sets as their ranges. */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'ref') return undefined;
    if (v instanceof AddressSet) return v.toRanges();
    if (typeof v === 'bigint') return v.toString();
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
