/**
 * Pods with the same namespace, labels and named ports behave identically under every policy, so the
 * engine computes over these equivalence classes instead of workloads or replicas.
 */
import type { Region, RegionSet } from './regions.js';
import { selectorKey } from './selector-key.js';
import { matches } from './selectors.js';
import type { LabelSelector, Labels, NamedPort, Namespace, Workload } from './model.js';
import { NAMESPACE_NAME_LABEL } from './model.js';

export interface PodClass {
  readonly index: number;
  readonly namespace: string;
  readonly nsLabels: Labels;
  readonly podLabels: Labels;
  readonly namedPorts: readonly NamedPort[];
  readonly workloads: Workload[];
  /** Set for the class of a region of label space (no workloads; its pods are any pods of the region). */
  readonly region?: Region;
}

export interface ClassIndex {
  readonly classes: readonly PodClass[];
  readonly classOf: ReadonlyMap<string, number>;
  readonly namespaces: ReadonlyMap<string, Namespace>;
  /** Classes per namespace, and per namespace a `key=value` → classes posting list for matchLabels. */
  readonly byNamespace: ReadonlyMap<string, readonly PodClass[]>;
  readonly byLabel: ReadonlyMap<string, ReadonlyMap<string, readonly PodClass[]>>;
  /** Per region index, its class (empty when the index was built without regions). */
  readonly regionClasses: readonly PodClass[];
  /** Namespaces that stand for parts of the namespaces the manifests do not know (regions only; `namespaces` holds them too). */
  readonly regionNamespaces: ReadonlySet<string>;
}

/** Each workload's class key, kept with it: base, head and every rollback candidate index the same workload objects. */
const classKeys = new WeakMap<Workload, string>();

function classKey(w: Workload): string {
  let key = classKeys.get(w);
  if (key === undefined) classKeys.set(w, (key = computeClassKey(w)));
  return key;
}

function computeClassKey(w: Workload): string {
  const labels = Object.keys(w.podLabels)
    .sort()
    .map((k) => `${k}=${w.podLabels[k]}`)
    .join('\u0000');
  const ports = w.namedPorts
    .map((p) => `${p.name}/${p.protocol}/${p.port}`)
    .sort()
    .join('\u0000');
  return `${w.namespace}\u0001${labels}\u0001${ports}`;
}

/**
 * The classes of `workloads` (then one class per region of `regions`, after them), with the lookups
 * selectors use. Equal to `withRegions(buildClassIndex(namespaceList, workloads), regions)`, which is how
 * it is built: the workloads' part depends on no region, so a caller holding it extends it instead.
 */
export function buildClassIndex(namespaceList: readonly Namespace[], workloads: readonly Workload[], regions?: RegionSet): ClassIndex {
  const plain = workloadClasses(namespaceList, workloads);
  return regions ? withRegions(plain, regions) : plain;
}

function workloadClasses(namespaceList: readonly Namespace[], workloads: readonly Workload[], known?: ReadonlyMap<string, Namespace>): ClassIndex {
  const namespaces = new Map<string, Namespace>(known);
  for (const ns of namespaceList) namespaces.set(ns.name, ns);
  const byKey = new Map<string, PodClass>();
  const classes: PodClass[] = [];
  const classOf = new Map<string, number>();
  const byNamespace = new Map<string, PodClass[]>();
  const byLabel = new Map<string, Map<string, PodClass[]>>();
  for (const w of workloads) {
    // A namespace that workloads use but no manifest defines still carries its name label.
    if (!namespaces.has(w.namespace)) namespaces.set(w.namespace, { name: w.namespace, labels: { [NAMESPACE_NAME_LABEL]: w.namespace } });
    const key = classKey(w);
    let c = byKey.get(key);
    if (!c) {
      // Its first workload in the literal: a list grown from empty by push keeps 17 slots (util/fitted.ts).
      c = { index: classes.length, namespace: w.namespace, nsLabels: namespaces.get(w.namespace)!.labels, podLabels: w.podLabels, namedPorts: w.namedPorts, workloads: [w] };
      byKey.set(key, c);
      classes.push(c);
      push(byNamespace, c.namespace, c);
      let idx = byLabel.get(c.namespace);
      if (!idx) byLabel.set(c.namespace, (idx = new Map()));
      // for-in, not Object.entries: no entry arrays per label (the same own keys, in the same order).
      for (const k in c.podLabels) push(idx, `${k}=${c.podLabels[k]}`, c);
    } else c.workloads.push(w);
    classOf.set(w.id, c.index);
  }
  return { classes, classOf, namespaces, byNamespace, byLabel, regionClasses: [], regionNamespaces: new Set() };
}

/**
 * `plain` (an index built without regions) with one class per region of `regions` after its classes: what
 * `buildClassIndex` gives for the same inputs and `regions`. `plain` is not changed: its workload classes
 * (immutable once built) and `classOf` (regions add no entry) are shared, and its maps and lists are
 * copied where a region class joins them, so one index of the workloads serves every set of regions.
 */
export function withRegions(plain: ClassIndex, regions: RegionSet): ClassIndex {
  const namespaces = new Map(plain.namespaces);
  const classes = [...plain.classes];
  const byNamespace = new Map(plain.byNamespace);
  const byLabel = new Map(plain.byLabel);
  // Lists and label maps of this index (the others are plain's, copied before they grow).
  const own = new Set<object>();
  const grown = <K>(m: Map<K, readonly PodClass[]>, k: K, c: PodClass) => {
    const list = m.get(k);
    if (list && own.has(list)) (list as PodClass[]).push(c);
    else {
      const copy = list ? [...list, c] : [c];
      own.add(copy);
      m.set(k, copy);
    }
  };
  const regionClasses: PodClass[] = [];
  const regionNamespaces = new Set<string>();
  // The regions' part on its own: their classes' lookups and the namespaces they add (selections below).
  const part = { namespaces: new Map<string, Namespace>(), byNamespace: new Map<string, PodClass[]>(), byLabel: new Map<string, Map<string, PodClass[]>>() };
  for (const region of regions.regions) {
    // Regions of other namespaces get a namespace of their own, with the region's representative labels.
    if (!namespaces.has(region.namespace)) {
      const ns = region.known ? { name: region.namespace, labels: { [NAMESPACE_NAME_LABEL]: region.namespace } } : { name: region.namespace, labels: region.nsLabels ?? {} };
      if (!region.known) regionNamespaces.add(region.namespace);
      namespaces.set(region.namespace, ns);
      part.namespaces.set(region.namespace, ns);
    }
    const c: PodClass = { index: classes.length, namespace: region.namespace, nsLabels: namespaces.get(region.namespace)!.labels, podLabels: region.podLabels, namedPorts: [], workloads: [], region };
    classes.push(c);
    grown(byNamespace, c.namespace, c);
    const held = byLabel.get(c.namespace);
    let idx: Map<string, readonly PodClass[]>;
    if (held && own.has(held)) idx = held as Map<string, readonly PodClass[]>;
    else {
      idx = new Map(held);
      own.add(idx);
      byLabel.set(c.namespace, idx);
    }
    for (const [k, v] of Object.entries(c.podLabels)) grown(idx, `${k}=${v}`, c);
    regionClasses.push(c);
    push(part.byNamespace, c.namespace, c);
    let partLabels = part.byLabel.get(c.namespace);
    if (!partLabels) part.byLabel.set(c.namespace, (partLabels = new Map()));
    for (const [k, v] of Object.entries(c.podLabels)) push(partLabels, `${k}=${v}`, c);
  }
  const index: ClassIndex = { classes, classOf: plain.classOf, namespaces, byNamespace, byLabel, regionClasses, regionNamespaces };
  const parts = { plain, regions: { classes: regionClasses, classOf: new Map(), ...part, regionClasses: [], regionNamespaces: new Set<string>() }, set: regions };
  extensions.set(index, parts);
  splits.set(index, { first: plain, rest: parts.regions });
  return index;
}

/**
 * `plain` (a workloads' index, itself built by `buildClassIndex`, or such an index `withRegions` extended)
 * with the classes of `added` workloads after its own: the index of `plain`'s workloads and `added`
 * together (and `plain`'s regions), with `plain`'s classes numbered alike (head after base when a change
 * adds a workload: selections, compiled policies and rows of `plain` then serve it where they do not reach
 * the added classes, see `addedParts`). Over regions the added classes come after the regions' classes,
 * where a fresh build numbers regions last: the same classes in another order (`inBuildOrder` gives a fresh
 * build's order where an order is told; nothing else reads regions as the last classes). Undefined, for a
 * fresh build instead, when an added workload would join a class of `plain` (its class would change) or
 * lives in a namespace `plain`'s workloads do not know. `order`: every workload of the new index in the
 * order a fresh build would number them.
 */
export function withWorkloads(plain: ClassIndex, added: readonly Workload[], order: readonly Workload[]): ClassIndex | undefined {
  if (added.length === 0 || additions.has(plain)) return undefined;
  // Over regions, the workloads' index they extend must itself be a fresh build; its namespaces are the
  // workloads' own (a region's namespace the manifests do not know is no place for a workload).
  const overRegions = extensions.get(plain);
  if (overRegions ? splits.has(overRegions.plain) : splits.has(plain)) return undefined;
  const known = overRegions?.plain.namespaces ?? plain.namespaces;
  const part = workloadClasses([], added, known);
  for (const c of part.classes) {
    if (!known.has(c.namespace)) return undefined;
    const key = classKey(c.workloads[0]);
    if ((plain.byNamespace.get(c.namespace) ?? []).some((d) => !d.region && classKey(d.workloads[0]) === key)) return undefined;
  }
  const n = plain.classes.length;
  const classes = [...plain.classes];
  const classOf = new Map(plain.classOf);
  const byNamespace = new Map(plain.byNamespace);
  const byLabel = new Map(plain.byLabel);
  // Renumbered after plain's; part keeps its own numbering for selections over it (shifted by `n` when read).
  const moved: PodClass[] = part.classes.map((c) => ({ ...c, index: n + c.index }));
  for (const c of moved) {
    classes.push(c);
    for (const w of c.workloads) classOf.set(w.id, c.index);
    byNamespace.set(c.namespace, [...(byNamespace.get(c.namespace) ?? []), c]);
    const idx = new Map(byLabel.get(c.namespace));
    for (const k in c.podLabels) {
      const label = `${k}=${c.podLabels[k]}`;
      idx.set(label, [...(idx.get(label) ?? []), c]);
    }
    byLabel.set(c.namespace, idx);
  }
  // The added classes alone, for selections: no namespaces of their own (they live in plain's).
  const byNs = new Map<string, PodClass[]>();
  for (const c of moved) push(byNs, c.namespace, c);
  const rest: ClassIndex = { classes: moved, classOf: new Map(), namespaces: new Map(), byNamespace: byNs, byLabel: labelPostings(moved), regionClasses: [], regionNamespaces: new Set() };
  const index: ClassIndex = { classes, classOf, namespaces: plain.namespaces, byNamespace, byLabel, regionClasses: plain.regionClasses, regionNamespaces: plain.regionNamespaces };
  splits.set(index, { first: plain, rest });
  additions.set(index, { plain, added: rest, order });
  return index;
}

function labelPostings(classes: readonly PodClass[]): Map<string, Map<string, PodClass[]>> {
  const out = new Map<string, Map<string, PodClass[]>>();
  for (const c of classes) {
    let idx = out.get(c.namespace);
    if (!idx) out.set(c.namespace, (idx = new Map()));
    for (const k in c.podLabels) push(idx, `${k}=${c.podLabels[k]}`, c);
  }
  return out;
}

/** An index `withWorkloads` built: the index it extends, its added classes alone, and its workloads in build order. */
export interface AddedParts {
  readonly plain: ClassIndex;
  /** The added classes (numbered as in the index), with their selection lookups; no namespaces of their own. */
  readonly added: ClassIndex;
  readonly order: readonly Workload[];
}

const additions = new WeakMap<ClassIndex, AddedParts>();

/** For an index `withWorkloads` built: what it extends and adds; undefined for others. */
export function addedParts(index: ClassIndex): AddedParts | undefined {
  return additions.get(index);
}

/**
 * The index whose memos (compiled rule lists, rows) `index`'s serve from: for an index that extends another
 * (`withWorkloads`, `withRegions`), that one's root (the classes they share are numbered alike there); else
 * `index` itself. Base's index over regions and head's, which extends it by added workloads, have one root.
 */
export function workloadsRoot(index: ClassIndex): ClassIndex {
  for (;;) {
    const next = additions.get(index)?.plain ?? extensions.get(index)?.plain;
    if (!next) return index;
    index = next;
  }
}

/**
 * `classes` (picked in one namespace, ascending) in the order a fresh `buildClassIndex` of the index's
 * workloads numbers them: the same list for an index built so, and for one `withWorkloads` built, where
 * the added classes come last, the order of their first workloads in the build's list.
 */
export function inBuildOrder(index: ClassIndex, classes: readonly PodClass[]): readonly PodClass[] {
  const parts = additions.get(index) ?? additions.get(indexParts(index)?.plain ?? index);
  if (!parts || classes.length < 2 || classes[classes.length - 1].index < parts.plain.classes.length) return classes;
  let positions = buildPositions.get(parts);
  if (!positions) buildPositions.set(parts, (positions = new Map(parts.order.map((w, i) => [w, i]))));
  const at = positions;
  const first = (c: PodClass) => (c.workloads.length > 0 ? Math.min(...c.workloads.map((w) => at.get(w) ?? Infinity)) : Infinity);
  // Regions last, by number (over regions, added workloads' classes are numbered after them: withWorkloads).
  return [...classes].sort((a, b) => (a.region && b.region ? a.index - b.index : a.region ? 1 : b.region ? -1 : first(a) - first(b)));
}

const buildPositions = new WeakMap<AddedParts, Map<Workload, number>>();

/**
 * An index `withRegions` built: the workloads' index it extends, and an index of the regions' part alone
 * (their classes and the namespaces they add). A selection over it is the workloads' (memoised on the
 * workloads' index, which the next push's index extends too) then the regions', as classes and namespaces
 * come in that order.
 */
const extensions = new WeakMap<ClassIndex, IndexParts>();

/**
 * Every index that extends another (`withRegions`, `withWorkloads`): the one it extends and its own classes
 * alone. A selection over it is the extended index's (memoised there) then its own classes', as classes
 * and namespaces come in that order.
 */
const splits = new WeakMap<ClassIndex, { readonly first: ClassIndex; readonly rest: ClassIndex }>();

export interface IndexParts {
  /** The workloads' index the index extends (its classes come first, numbered alike). */
  readonly plain: ClassIndex;
  /** The regions' classes and the namespaces they add, alone. */
  readonly regions: ClassIndex;
  /** The RegionSet the index was extended by (its regions' classes come from it alone, numbered after the workloads'). */
  readonly set: RegionSet;
}

/** For an index `withRegions` built: the workloads' index it extends and its regions' part; undefined for others. */
export function indexParts(index: ClassIndex): IndexParts | undefined {
  return extensions.get(index);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * Per index, memoised selections. Policies repeat the same selectors many times over (every namespace's
 * DNS rule names kube-system/kube-dns, every team names its partners), so each distinct selector is
 * evaluated once per index. The index is immutable once built, so the memo never goes stale.
 */
interface SelectionMemo {
  /** By selector key, then namespace: no key string is built per namespace a rule names (a rule over every namespace asks for each). */
  readonly pods: Map<string, Map<string, readonly PodClass[]>>;
  readonly namespaces: Map<string, readonly string[]>;
  /** `key=value` → namespaces carrying that label, for narrowing namespace selectors (made on first use). */
  nsByLabel?: Map<string, Namespace[]>;
}

const memos = new WeakMap<ClassIndex, SelectionMemo>();

function memoOf(index: ClassIndex): SelectionMemo {
  let memo = memos.get(index);
  if (!memo) memos.set(index, (memo = { pods: new Map(), namespaces: new Map() }));
  return memo;
}

function namespacesByLabel(index: ClassIndex, memo: SelectionMemo): Map<string, Namespace[]> {
  if (!memo.nsByLabel) {
    const nsByLabel = new Map<string, Namespace[]>();
    for (const ns of index.namespaces.values()) for (const [k, v] of Object.entries(ns.labels)) push(nsByLabel, `${k}=${v}`, ns);
    memo.nsByLabel = nsByLabel;
  }
  return memo.nsByLabel;
}

/** Classes of one namespace that a pod selector picks, narrowed first by the rarest matchLabels entry. */
export function selectInNamespace(index: ClassIndex, namespace: string, selector: LabelSelector): readonly PodClass[] {
  const memo = memoOf(index);
  const key = selectorKey(selector);
  let bySelector = memo.pods.get(key);
  if (!bySelector) memo.pods.set(key, (bySelector = new Map()));
  let picked = bySelector.get(namespace);
  if (!picked) {
    const split = splits.get(index);
    if (split) {
      picked = [...selectInNamespace(split.first, namespace, selector), ...selectInNamespace(split.rest, namespace, selector)];
      bySelector.set(namespace, picked);
      return picked;
    }
    let candidates: readonly PodClass[] = index.byNamespace.get(namespace) ?? [];
    const posting = index.byLabel.get(namespace);
    for (const k in selector.matchLabels) {
      const list = posting?.get(`${k}=${selector.matchLabels[k]}`) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    picked = candidates.filter((c) => matches(selector, c.podLabels));
    bySelector.set(namespace, picked);
  }
  return picked;
}

/** Namespaces (defined or implied by workloads) whose labels a namespace selector picks. */
export function selectNamespaces(index: ClassIndex, selector: LabelSelector): readonly string[] {
  const memo = memoOf(index);
  const key = selectorKey(selector);
  let picked = memo.namespaces.get(key);
  if (!picked) {
    const split = splits.get(index);
    if (split) {
      picked = [...selectNamespaces(split.first, selector), ...selectNamespaces(split.rest, selector)];
      memo.namespaces.set(key, picked);
      return picked;
    }
    const nsByLabel = namespacesByLabel(index, memo);
    let candidates: Iterable<Namespace> = index.namespaces.values();
    let size = index.namespaces.size;
    for (const k in selector.matchLabels) {
      const list = nsByLabel.get(`${k}=${selector.matchLabels[k]}`) ?? [];
      if (list.length < size) [candidates, size] = [list, list.length];
    }
    const out: string[] = [];
    for (const ns of candidates) if (matches(selector, ns.labels)) out.push(ns.name);
    memo.namespaces.set(key, (picked = out));
  }
  return picked;
}
