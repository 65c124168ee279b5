/**
 * The policies of kinds reachdiff does not model (UnmodelledObject: Antrea, Kyverno generators, objects
 * holding policy templates …) that may select a workload: a finding that says what the modelled policies
 * leave open (UNPROTECTED_WORKLOAD) or shut (DNS_EGRESS_MISSING) names them, since they may decide the
 * traffic instead.
 */
import type { Workload } from '../engine/model.js';
import type { UnmodelledObject } from '../manifests/unmodelled-summary.js';
import { selectsWorkload } from '../manifests/unmodelled-summary.js';
import { namedItems } from '../util/and-list.js';

const SHOWN = 3;

/**
 * The unmodelled policies that may select `w`, as `Kind namespace/name`: those of its namespace (or
 * cluster-scoped, or placed anywhere) whose pod selector matches its labels or could not be read. At most
 * three, then "N more" (util/and-list.ts: never "1 more"). `allowing`: only kinds that can allow traffic (an
 * EgressFirewall only restricts).
 */
export function unmodelledSelecting(objects: readonly UnmodelledObject[], w: Workload, allowing = false): string[] {
  // An unreadable selector may select it.
  const found = objects.filter((o) => selectsWorkload(o, w) !== false && !(allowing && o.kind.restrictsOnly));
  const { named, more } = namedItems(found, SHOWN);
  const names = named.map((o) => `${o.kind.label} ${o.namespace ? `${o.namespace}/` : ''}${o.key.slice(o.key.lastIndexOf('/') + 1)}`);
  return more ? [...names, `${more} more`] : names;
}
