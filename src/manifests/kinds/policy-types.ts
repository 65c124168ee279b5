/**
 * A policy's written list of the directions it isolates, `Ingress` and `Egress`: a NetworkPolicy's
 * `spec.policyTypes` (networking.k8s.io/v1) and a Calico policy's `types` (projectcalico.org/v3) alike.
 */
import type { Direction } from '../../engine/model.js';

/** The directions `list` names; undefined after `invalid` is told the first value that is neither (the caller reports it). */
export function listedDirections(list: readonly unknown[], invalid: (value: unknown) => void): Record<Direction, boolean> | undefined {
  const out = { ingress: false, egress: false };
  for (const t of list) {
    if (t === 'Ingress') out.ingress = true;
    else if (t === 'Egress') out.egress = true;
    else {
      invalid(t);
      return undefined;
    }
  }
  return out;
}
