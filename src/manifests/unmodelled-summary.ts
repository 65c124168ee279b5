/**
 * Objects of policy kinds reachdiff does not model, grouped by kind: how many there are and which
 * workloads they select, as one warning per kind. The verdict and the check read the same groups.
 */
import type { Cluster, LabelSelector, SourceRef, Workload } from '../engine/model.js';
import { matches } from '../engine/selectors.js';
import type { Diagnostic } from './diagnostics.js';
import type { UnmodelledKind } from './unmodelled-kinds.js';
import { firstAndMore } from '../util/and-list.js';

export interface UnmodelledObject {
  readonly kind: UnmodelledKind;
  /** `Kind.group/namespace/name`, as in the document's `objects`. */
  readonly key: string;
  /** Undefined for a cluster-scoped kind (it applies in every namespace). */
  readonly namespace: string | undefined;
  readonly pods: LabelSelector | 'unknown';
  readonly ref: SourceRef;
  /**
   * The object as read (JSON of its value: written or as a Kustomize build renders it), so that base and
   * head compare objects, not the documents or files that hold them (a patch edits a rendered object).
   */
  readonly content: string;
}

export interface UnmodelledGroup {
  readonly label: string;
  readonly plural: string;
  readonly count: number;
  /** Ids of the workloads some object of the group selects. */
  readonly selected: readonly string[];
  /** Objects whose selector reachdiff cannot read. */
  readonly unreadable: number;
  readonly keys: readonly string[];
  readonly ref: SourceRef;
  /** The kind's own words for what its objects apply to (UnmodelledKind.reach). */
  readonly reach?: UnmodelledKind['reach'];
}

/**
 * Whether an unmodelled policy selects a workload: its namespace (or cluster-scoped, or placing policies
 * anywhere) and its pod selector; `undefined` when the selector could not be read.
 */
export function selectsWorkload(o: UnmodelledObject, w: Pick<Workload, 'namespace' | 'podLabels'>): boolean | undefined {
  if (o.namespace !== undefined && !o.kind.placesAnywhere && o.namespace !== w.namespace) return false;
  return o.pods === 'unknown' ? undefined : matches(o.pods, w.podLabels);
}

export function groupUnmodelled(objects: readonly UnmodelledObject[], cluster: Cluster): UnmodelledGroup[] {
  const byLabel = new Map<string, UnmodelledObject[]>();
  for (const o of objects) byLabel.set(o.kind.label, [...(byLabel.get(o.kind.label) ?? []), o]);
  return [...byLabel.values()].map((group) => {
    const selected = new Set<string>();
    let unreadable = 0;
    for (const o of group) {
      if (o.pods === 'unknown') unreadable++;
      else for (const w of cluster.workloads) if (selectsWorkload(o, w)) selected.add(w.id);
    }
    const { label, plural, reach } = group[0].kind;
    return { label, plural, count: group.length, selected: [...selected].sort(), unreadable, keys: group.map((o) => o.key), ref: group[0].ref, ...(reach ? { reach } : {}) };
  });
}

const SHOWN = 10;

/** `results ignore 19 CiliumNetworkPolicies`. */
export function ignoredText(g: Pick<UnmodelledGroup, 'count' | 'label' | 'plural'>): string {
  return `results ignore ${g.count} ${g.count === 1 ? g.label : g.plural}`;
}

export function unmodelledDiagnostic(g: UnmodelledGroup): Diagnostic {
  const them = g.count === 1 ? 'it' : 'them';
  const shown = firstAndMore(g.selected, SHOWN);
  const selects = g.selected.length ? `${g.count === 1 ? 'It selects' : 'They select'} ${shown}` : `${g.count === 1 ? 'It selects' : 'They select'} no workload of these manifests`;
  const unreadable = g.unreadable ? ` (${g.unreadable} with a selector reachdiff cannot read)` : '';
  const applies = g.reach ? (g.count === 1 ? g.reach.one : g.reach.many) : `${selects}${unreadable}`;
  return {
    severity: 'warning',
    code: 'UNMODELLED_POLICY',
    message: `${ignoredText(g)}: reachdiff does not model ${them}, so the traffic ${them === 'it' ? 'it allows or denies' : 'they allow or deny'} is not in this analysis. ${applies}.`,
    ref: g.ref,
  };
}
