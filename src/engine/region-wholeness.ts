/**
 * Whether an abstract peer (a region's name, or a name that could take other regions out of it) holds
 * every region whole: each region's pods all inside the peer or all outside it. Only then is "the peer
 * less these names" exactly a set of regions (`RegionSet.exceptOf`). Checked against the boxes of the
 * cuts that made the regions (region-names.ts holdsPartsWhole): per known namespace its pod cut (and its
 * coarser cut outside its changed subjects), and for the namespaces the manifests do not know the cut of
 * their labels and each part's pod cut. Semantics of the selectors: Kubernetes LabelSelector
 * (matchLabels and matchExpressions, every operator).
 */
import type { AbstractPeer } from './abstract-peers.js';
import type { LabelSelector, Labels } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';
import type { RegionCut } from './region-names.js';
import { holdsPartsWhole } from './region-names.js';
import { EVERYTHING, matches } from './selectors.js';

/** How one known namespace's pods were cut (regions.ts builds it). */
export interface NamespaceCut {
  readonly selectors: readonly LabelSelector[];
  /** Part keys (`matched` joined) that are regions of the namespace under `selectors`. */
  readonly byMatched: ReadonlyMap<string, number>;
  /** False where the bound cut the namespace short. */
  readonly complete: boolean;
  readonly inside?: readonly number[];
  /** The coarser cut of the pods outside the namespace's changed subjects, where it has one. */
  readonly outside?: { readonly selectors: readonly LabelSelector[]; readonly byMatched: ReadonlyMap<string, number> };
}

/** How the namespaces the manifests do not know were cut: their labels, then each part's pods. */
export interface OtherNamespacesCut {
  readonly selectors: readonly LabelSelector[];
  readonly start: RegionCut['start'];
  readonly complete: boolean;
  readonly spaces: readonly { readonly labels: Labels; readonly podSelectors: readonly LabelSelector[]; readonly complete: boolean }[];
}

/**
 * `(peer) => boolean`, memoised by peer id: true when every region the peer reaches is all inside it or all
 * outside it. False for a known namespace with label sets the peer's namespace part tells apart (its
 * labels differ by side), and wherever the bound cut a space short.
 */
export function wholeRegionsHolder(
  cells: ReadonlyMap<string, NamespaceCut>,
  known: ReadonlyMap<string, readonly Labels[]>,
  other: OtherNamespacesCut,
  maxBoxes: number,
): (peer: AbstractPeer) => boolean {
  const memo = new Map<string, boolean>();
  const inNamespace = (namespace: string, pods: LabelSelector) => {
    const cell = cells.get(namespace);
    if (!cell || !cell.complete) return false;
    if (!holdsPartsWhole(pods, { selectors: cell.selectors, inside: cell.inside }, maxBoxes, new Set(cell.byMatched.keys()))) return false;
    return !cell.outside || holdsPartsWhole(pods, { selectors: cell.outside.selectors }, maxBoxes, new Set(cell.outside.byMatched.keys()));
  };
  const inOthers = (selector: LabelSelector, pods: LabelSelector) => {
    const namespaces = unknownPart(selector, known);
    if (!namespaces) return true;
    if (!other.complete) return false;
    if (!holdsPartsWhole(namespaces, { selectors: other.selectors, start: other.start }, maxBoxes)) return false;
    return other.spaces.every((s) => !matches(namespaces, s.labels) || (s.complete && holdsPartsWhole(pods, { selectors: s.podSelectors }, maxBoxes)));
  };
  const whole = (peer: AbstractPeer): boolean => {
    if (peer.namespace !== undefined) {
      if (known.has(peer.namespace)) return inNamespace(peer.namespace, peer.podSelector);
      return inOthers({ matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace }, expressions: [] }, peer.podSelector);
    }
    const namespaces = peer.namespaceSelector ?? EVERYTHING;
    for (const [name, sets] of known) {
      const held = sets.filter((l) => matches(namespaces, l)).length;
      if (held === 0) continue;
        if (held < sets.length || !inNamespace(name, peer.podSelector)) return false;
    }
    return inOthers(namespaces, peer.podSelector);
  };
  return (peer) => {
    let out = memo.get(peer.id);
    if (out === undefined) memo.set(peer.id, (out = whole(peer)));
    return out;
  };
}

/**
 * `selector` as it reads the namespaces the manifests do not know: the names of known ones left out of its
 * requirements on `kubernetes.io/metadata.name` (their regions are the known namespaces', checked apart);
 * null when it can hold none of them (`In` known names only).
 */
function unknownPart(selector: LabelSelector, known: ReadonlyMap<string, unknown>): LabelSelector | null {
  if (selector.matchLabels[NAMESPACE_NAME_LABEL] !== undefined && known.has(selector.matchLabels[NAMESPACE_NAME_LABEL])) return null;
  const expressions = [];
  for (const r of selector.expressions) {
    if (r.key !== NAMESPACE_NAME_LABEL || (r.op !== 'In' && r.op !== 'NotIn')) {
      expressions.push(r);
      continue;
    }
    const values = r.values.filter((v) => !known.has(v));
    if (r.op === 'In' && values.length === 0) return null;
    if (values.length > 0) expressions.push({ ...r, values });
  }
  return expressions.length === selector.expressions.length && expressions.every((r, i) => r === selector.expressions[i]) ? selector : { matchLabels: selector.matchLabels, expressions };
}
