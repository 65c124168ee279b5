/**
 * Pods with the same namespace, labels and named ports behave identically under every policy, so the
 * engine computes over these equivalence classes instead of workloads or replicas.
 */
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
}

export interface ClassIndex {
  readonly classes: readonly PodClass[];
  readonly classOf: ReadonlyMap<string, number>;
  readonly namespaces: ReadonlyMap<string, Namespace>;
  /** Classes per namespace, and per namespace a `key=value` → classes posting list for matchLabels. */
  readonly byNamespace: ReadonlyMap<string, readonly PodClass[]>;
  readonly byLabel: ReadonlyMap<string, ReadonlyMap<string, readonly PodClass[]>>;
}

function classKey(w: Workload): string {
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

export function buildClassIndex(namespaceList: readonly Namespace[], workloads: readonly Workload[]): ClassIndex {
  const namespaces = new Map<string, Namespace>();
  for (const ns of namespaceList) namespaces.set(ns.name, ns);
  const byKey = new Map<string, PodClass>();
  const classes: PodClass[] = [];
  const classOf = new Map<string, number>();
  const byNamespace = new Map<string, PodClass[]>();
  const byLabel = new Map<string, Map<string, PodClass[]>>();
  for (const w of workloads) {
    if (!namespaces.has(w.namespace)) {
      // A namespace that workloads use but no manifest defines still carries its name label.
      namespaces.set(w.namespace, { name: w.namespace, labels: { [NAMESPACE_NAME_LABEL]: w.namespace } });
    }
    const key = classKey(w);
    let c = byKey.get(key);
    if (!c) {
      c = {
        index: classes.length,
        namespace: w.namespace,
        nsLabels: namespaces.get(w.namespace)!.labels,
        podLabels: w.podLabels,
        namedPorts: w.namedPorts,
        workloads: [],
      };
      byKey.set(key, c);
      classes.push(c);
      push(byNamespace, w.namespace, c);
      let idx = byLabel.get(w.namespace);
      if (!idx) byLabel.set(w.namespace, (idx = new Map()));
      for (const [k, v] of Object.entries(w.podLabels)) push(idx, `${k}=${v}`, c);
    }
    c.workloads.push(w);
    classOf.set(w.id, c.index);
  }
  return { classes, classOf, namespaces, byNamespace, byLabel };
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
  readonly pods: Map<string, readonly PodClass[]>;
  readonly namespaces: Map<string, readonly string[]>;
  /** `key=value` → namespaces carrying that label, for narrowing namespace selectors. */
  readonly nsByLabel: Map<string, Namespace[]>;
}

const memos = new WeakMap<ClassIndex, SelectionMemo>();

function memoOf(index: ClassIndex): SelectionMemo {
  let memo = memos.get(index);
  if (!memo) {
    const nsByLabel = new Map<string, Namespace[]>();
    for (const ns of index.namespaces.values()) for (const [k, v] of Object.entries(ns.labels)) push(nsByLabel, `${k}=${v}`, ns);
    memos.set(index, (memo = { pods: new Map(), namespaces: new Map(), nsByLabel }));
  }
  return memo;
}

/** A canonical text for a selector: equal selectors (whatever their key order) give equal keys. */
function selectorKey(selector: LabelSelector): string {
  const labels = Object.keys(selector.matchLabels)
    .sort()
    .map((k) => `${k}\u0000${selector.matchLabels[k]}`)
    .join('\u0001');
  if (selector.expressions.length === 0) return labels;
  const exprs = selector.expressions.map((r) => `${r.key}\u0000${r.op}\u0000${r.values.join('\u0000')}`).sort();
  return `${labels}\u0002${exprs.join('\u0001')}`;
}

/** Classes of one namespace that a pod selector picks, narrowed first by the rarest matchLabels entry. */
export function selectInNamespace(index: ClassIndex, namespace: string, selector: LabelSelector): readonly PodClass[] {
  const memo = memoOf(index);
  const key = `${namespace}\u0003${selectorKey(selector)}`;
  let picked = memo.pods.get(key);
  if (!picked) {
    let candidates: readonly PodClass[] = index.byNamespace.get(namespace) ?? [];
    const posting = index.byLabel.get(namespace);
    for (const k in selector.matchLabels) {
      const list = posting?.get(`${k}=${selector.matchLabels[k]}`) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    picked = candidates.filter((c) => matches(selector, c.podLabels));
    memo.pods.set(key, picked);
  }
  return picked;
}

/** Namespaces (defined or implied by workloads) whose labels a namespace selector picks. */
export function selectNamespaces(index: ClassIndex, selector: LabelSelector): readonly string[] {
  const memo = memoOf(index);
  const key = selectorKey(selector);
  let picked = memo.namespaces.get(key);
  if (!picked) {
    let candidates: Iterable<Namespace> = index.namespaces.values();
    let size = index.namespaces.size;
    for (const k in selector.matchLabels) {
      const list = memo.nsByLabel.get(`${k}=${selector.matchLabels[k]}`) ?? [];
      if (list.length < size) [candidates, size] = [list, list.length];
    }
    const out: string[] = [];
    for (const ns of candidates) if (matches(selector, ns.labels)) out.push(ns.name);
    memo.namespaces.set(key, (picked = out));
  }
  return picked;
}
