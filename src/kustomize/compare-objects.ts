/**
 * What the differential check against `kubectl kustomize` compares: for every object its apiVersion,
 * kind, name (a generated object's hash suffix cut off), namespace and labels, and the fields the
 * engine reads — a NetworkPolicy's spec; a Service's selector and ports; an Ingress's spec; a workload's
 * selector, pod template labels and container ports. Order is ignored (objects, list items of ports).
 * Everything else (images, annotations, ConfigMap data, …) is not compared.
 */
import { isMap } from './nodes.js';
import type { Json } from './types.js';

const WORKLOAD_TEMPLATE: Readonly<Record<string, string[]>> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
  // Argo Rollouts and OpenKruise workloads, which the loader reads too (manifests/kinds/template-workloads.ts).
  Rollout: ['spec', 'template'],
  CloneSet: ['spec', 'template'],
  BroadcastJob: ['spec', 'template'],
};

const GENERATED_HASH = /-[a-z0-9]{10}$/;

/** The compared projection of one object, as a canonical JSON string. */
export function comparedView(obj: Json, generated: boolean): string {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const meta = isMap(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const view: Json = {
    apiVersion: obj.apiVersion,
    kind,
    name: generated || ((kind === 'ConfigMap' || kind === 'Secret') && GENERATED_HASH.test(name)) ? name.replace(GENERATED_HASH, '') : name,
    namespace: meta.namespace ?? '',
    labels: meta.labels ?? {},
  };
  const spec = isMap(obj.spec) ? obj.spec : {};
  if (kind === 'NetworkPolicy' || kind === 'Ingress') view.spec = spec;
  if (kind === 'Service') view.spec = { selector: spec.selector ?? {}, ports: sortedList(spec.ports) };
  const path = WORKLOAD_TEMPLATE[kind];
  if (path) {
    const template = path.reduce<unknown>((n, k) => (isMap(n) ? n[k] : undefined), obj);
    const t = isMap(template) ? template : {};
    const tmeta = isMap(t.metadata) ? t.metadata : {};
    const podSpec = isMap(t.spec) ? t.spec : {};
    const selector = kind === 'CronJob' ? (isMap(spec.jobTemplate) && isMap(spec.jobTemplate.spec) ? spec.jobTemplate.spec.selector : undefined) : spec.selector;
    view.workload = {
      selector: selector ?? null,
      podLabels: kind === 'Pod' ? meta.labels ?? {} : tmeta.labels ?? {},
      ports: containerPorts(podSpec),
    };
  }
  return canonical(view);
}

function containerPorts(podSpec: Json): unknown[] {
  const out: unknown[] = [];
  for (const key of ['containers', 'initContainers']) {
    for (const c of Array.isArray(podSpec[key]) ? podSpec[key] : []) {
      if (!isMap(c)) continue;
      for (const p of Array.isArray(c.ports) ? c.ports : []) out.push({ container: c.name, port: p });
    }
  }
  return sortedList(out);
}

function sortedList(v: unknown): unknown[] {
  return Array.isArray(v) ? [...v].sort((a, b) => (canonical(a) < canonical(b) ? -1 : 1)) : [];
}

/** JSON with keys sorted, numbers and strings kept apart as YAML wrote them. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isMap(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** Differences between two renders' objects, as short human lines (empty when they agree). */
export function compareRenders(ours: readonly { value: Json; generated: boolean }[], theirs: readonly Json[]): string[] {
  const key = (o: Json) => {
    const meta = isMap(o.metadata) ? o.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const kind = String(o.kind);
    return `${kind} ${meta.namespace ? `${String(meta.namespace)}/` : ''}${kind === 'ConfigMap' || kind === 'Secret' ? name.replace(GENERATED_HASH, '') : name}`;
  };
  const a = new Map<string, string[]>();
  for (const o of ours) push(a, key(o.value), comparedView(o.value, o.generated));
  const b = new Map<string, string[]>();
  for (const o of theirs) push(b, key(o), comparedView(o, false));
  const out: string[] = [];
  for (const [k, views] of b) {
    const mine = a.get(k);
    if (!mine) out.push(`missing ${k}`);
    else if (canonical([...mine].sort()) !== canonical([...views].sort())) out.push(`${k} differs: ${firstDifference(mine[0], views[0])}`);
  }
  for (const k of a.keys()) if (!b.has(k)) out.push(`extra ${k}`);
  return out;
}

function push(m: Map<string, string[]>, k: string, v: string): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** The first top-level field of the compared view that differs, with both values. */
function firstDifference(ours: string, theirs: string): string {
  const a = JSON.parse(ours) as Json;
  const b = JSON.parse(theirs) as Json;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (canonical(a[k]) !== canonical(b[k])) return `${k}: ours ${short(canonical(a[k]))}, kubectl ${short(canonical(b[k]))}`;
  }
  return 'duplicate objects';
}

function short(s: string): string {
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
