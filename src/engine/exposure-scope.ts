/**
 * `list --exposure --namespace NS`: the exposure rows with an end in NS, by the same rule as the pairs
 * (list-stream.ts): the workload is in NS, or the abstract peer is pods of NS by name (`NS/[all pods]`,
 * `NS/[pod with {…}]`). Peers by namespace selector (`[namespace with {…}]/…`, `entire-cluster`) are in
 * no one namespace, so their rows are kept only when the workload is in NS.
 */
import type { Exposure, ExposureRow } from './exposure.js';

export function exposureInNamespace(e: Exposure, namespace: string): Exposure {
  const keep = (r: ExposureRow) => r.workload.namespace === namespace || r.peer.namespace === namespace;
  return {
    ingress: e.ingress.filter(keep),
    egress: e.egress.filter(keep),
    unprotected: e.unprotected.filter((u) => u.workload.namespace === namespace),
  };
}
