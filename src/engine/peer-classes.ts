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

/** Classes of one namespace that a pod selector picks, narrowed first by the rarest matchLabels entry. */
export function selectInNamespace(index: ClassIndex, namespace: string, selector: LabelSelector): PodClass[] {
  let candidates: readonly PodClass[] = index.byNamespace.get(namespace) ?? [];
  const posting = index.byLabel.get(namespace);
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    const list = posting?.get(`${k}=${v}`) ?? [];
    if (list.length < candidates.length) candidates = list;
  }
  return candidates.filter((c) => matches(selector, c.podLabels));
}

/** Namespaces (defined or implied by workloads) whose labels a namespace selector picks. */
export function selectNamespaces(index: ClassIndex, selector: LabelSelector): string[] {
  const out: string[] = [];
  for (const ns of index.namespaces.values()) if (matches(selector, ns.labels)) out.push(ns.name);
  return out;
}
