/**
 * Named ports toward pods the manifests do not hold. A region of label space (regions.ts) stands for
 * pods whose container ports are unknown, so a rule's `port: metrics` cannot be resolved to a number
 * there, nor a Service's `targetPort: http` that routes the ingress controller there: the paths carry the
 * name instead. Rather than pass such a change in silence, a diff lists every rule of a policy that
 * changed whose named ports may apply to such pods — an ingress rule of a policy selecting a region, an
 * egress rule whose peers hold a region — and every Service port with a named targetPort that an Ingress
 * backend leads to and whose selector holds a region, when that Ingress → Service chain changed, so the
 * report can say what it could not resolve (OUTPUT-CONTRACT "Abstract peers": port names that could
 * not be resolved).
 */
import type { Connectivity } from './connectivity.js';
import { isNamedPort } from './compile.js';
import { backendPorts, backendService } from './ingress-controller.js';
import type { Direction, IngressBackend, NetworkPolicy, Service, SourceRef } from './model.js';
import { same } from './touched.js';

/** A NetworkPolicy rule naming ports that may apply to such pods. */
export interface UnresolvedRulePorts {
  readonly side: 'base' | 'head';
  /** `namespace/name` of the NetworkPolicy. */
  readonly policy: string;
  readonly direction: Direction;
  /** Rule position in its direction's list, from 0. */
  readonly rule: number;
  /** `TCP/metrics`: protocol and name, sorted. */
  readonly ports: readonly string[];
  /** The port entry that names the first of `ports` (its first, by line). */
  readonly ref: SourceRef;
  /** Absent: rule entries are written as before Services were listed (only those carry `kind`). */
  readonly kind?: undefined;
}

/**
 * A Service port whose `targetPort` is a name, toward which an Ingress backend routes the ingress
 * controller (ingress-controller.ts), when its selector holds such pods: the controller reaches them on
 * "the port they call that name", whatever its number.
 */
export interface UnresolvedServicePorts {
  readonly side: 'base' | 'head';
  /** `namespace/name` of the Service. */
  readonly service: string;
  /** The Service port's number (`port`) whose `targetPort` is named. */
  readonly servicePort: number;
  /** `namespace/name` of the Ingresses whose backends lead to that port, sorted. */
  readonly ingresses: readonly string[];
  /** Always `ingress`: the controller's traffic into the pods. */
  readonly direction: 'ingress';
  /** `TCP/http`: the target port's protocol and name. */
  readonly ports: readonly string[];
  /** The Service's port entry (where its targetPort is written). */
  readonly ref: SourceRef;
  readonly kind: 'service';
}

export type UnresolvedNamedPorts = UnresolvedRulePorts | UnresolvedServicePorts;

/**
 * Rules of policies that differ between `base` and `head` (both computed over the same regions) naming
 * ports that may apply to a region's pods, then Service ports routing the ingress controller to a region's
 * pods by a target port name where the Service or the Ingress backends leading to it differ, or where the
 * controller's pair toward that region changed (`controllerChanged`: region indices of the diff's
 * `{ingress-controller}` pairs). `represented`: regions a workload of the manifests stands for (its
 * container ports are known; abstract-pairs.ts), left out. Rules sorted by policy, direction and
 * position; Services by name and port.
 */
export function unresolvedNamedPorts(
  base: Connectivity,
  head: Connectivity,
  represented: Pick<ReadonlySet<number>, 'has'> = new Set(),
  controllerChanged: ReadonlySet<number> = new Set(),
): UnresolvedNamedPorts[] {
  // Made only when a rule names ports (kept per list: a warm process's base side is the same every push).
  let byId: [ReadonlyMap<string, NetworkPolicy>, ReadonlyMap<string, NetworkPolicy>] | undefined;
  // A policy that only changed its name (a Kustomize `namePrefix` added: the other side holds one of the same
  // namespace and content under its old name) applies nothing new: not a change here.
  // Answered once per policy and side (a policy's rules ask in turn), over the other side's policies of its namespace
  // only: not a copy of every policy per rule (session 55: ~100 ms of a 10k pair's next push).
  const answers = new Map<string, boolean>();
  const changed = (id: string, side: 'base' | 'head') => {
    const key = `${side}\u0000${id}`;
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = changedPolicy(id, side)));
    return answer;
  };
  const changedPolicy = (id: string, side: 'base' | 'head') => {
    const [before, after] = (byId ??= [policiesById(base.cluster.policies), policiesById(head.cluster.policies)]);
    if (same(before.get(id), after.get(id))) return false;
    const own = (side === 'base' ? before : after).get(id);
    if (own === undefined) return true;
    const mine = nameless(own);
    const others = policiesByNamespace(side === 'base' ? head.cluster.policies : base.cluster.policies).get(own.namespace) ?? [];
    return !others.some((p) => same(nameless(p), mine));
  };
  const out = new Map<string, UnresolvedRulePorts>();
  for (const [name, side] of [['base', base], ['head', head]] as const) {
    const isRegion = (cls: number) => {
      const region = side.index.classes[cls]?.region;
      return region !== undefined && !represented.has(region.index);
    };
    for (const rule of side.compiled.rules) {
      if (!rule.hasNamedPorts || rule.rule.ports === 'any' || !changed(rule.policy.id, name)) continue;
      // Whose container ports the name is looked up on: the subject for ingress, the peers for egress.
      const destinations = rule.direction === 'ingress' ? (side.compiled.subjectsOf.get(rule.policy.id) ?? []) : rule.peerClasses;
      if (!destinations.some(isRegion)) continue;
      const named = rule.rule.ports.filter(isNamedPort);
      const ports = [...new Set(named.map((p) => `${p.protocol}/${p.port}`))].sort();
      const key = `${rule.policy.id}\u0000${rule.direction}\u0000${rule.index}\u0000${ports.join(',')}`;
      // At the line that names the port, the note's subject (new-user trial 50: a port edited was cited at `- from:`);
      // the first such line, of the first name listed.
      const first = named.filter((p) => `${p.protocol}/${p.port}` === ports[0]).map((p) => p.ref).sort((a, b) => a.line - b.line)[0] ?? rule.rule.ref;
      // A rule the same on both sides is listed once, as head has it.
      if (!out.has(key) || name === 'head') out.set(key, { side: name, policy: rule.policy.id, direction: rule.direction, rule: rule.index, ports, ref: first });
    }
  }
  const rules = [...out.values()].sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : a.direction < b.direction ? -1 : a.direction > b.direction ? 1 : a.rule - b.rule));
  return [...rules, ...unresolvedServicePorts(base, head, represented, controllerChanged)];
}

/** A policy without its names (`id`, `name`): what it applies. */
function nameless(p: NetworkPolicy): Omit<NetworkPolicy, 'id' | 'name'> {
  const { id: _id, name: _name, ...rest } = p;
  return rest;
}

/** Policies by id, the last copy of an id winning, once per list. */
const policiesByList = new WeakMap<readonly NetworkPolicy[], ReadonlyMap<string, NetworkPolicy>>();
function policiesById(policies: readonly NetworkPolicy[]): ReadonlyMap<string, NetworkPolicy> {
  let out = policiesByList.get(policies);
  if (!out) policiesByList.set(policies, (out = new Map(policies.map((p) => [p.id, p]))));
  return out;
}

/** The policies of `policiesById` (the last copy of an id) by namespace, once per list. */
const namespacesByList = new WeakMap<readonly NetworkPolicy[], ReadonlyMap<string, readonly NetworkPolicy[]>>();
function policiesByNamespace(policies: readonly NetworkPolicy[]): ReadonlyMap<string, readonly NetworkPolicy[]> {
  let out = namespacesByList.get(policies);
  if (!out) {
    const byNamespace = new Map<string, NetworkPolicy[]>();
    for (const p of policiesById(policies).values()) (byNamespace.get(p.namespace) ?? byNamespace.set(p.namespace, []).get(p.namespace)!).push(p);
    namespacesByList.set(policies, (out = byNamespace));
  }
  return out;
}

/** `namespace/name` of a Service, or of the Service an Ingress backend names. */
const serviceKey = (s: Pick<Service, 'namespace' | 'name'>) => `${s.namespace}/${s.name}`;

/**
 * Per Service key, what the Ingress chain gives it on one side: the Service (positions aside) and the
 * backends that name it (Ingress and port), so a change to either shows.
 */
const chainsByList = new WeakMap<readonly IngressBackend[], ReadonlyMap<string, string>>();
function chains(conn: Connectivity): ReadonlyMap<string, string> {
  const list = conn.cluster.ingressBackends;
  let known = chainsByList.get(list);
  if (!known) chainsByList.set(list, (known = chainsOf(list)));
  return known;
}

function chainsOf(ingressBackends: readonly IngressBackend[]): Map<string, string> {
  const backends = new Map<string, string[]>();
  for (const b of ingressBackends) {
    const key = `${b.namespace}/${b.service}`;
    (backends.get(key) ?? backends.set(key, []).get(key)!).push(`${b.ingress}\u0000${String(b.port)}`);
  }
  const out = new Map<string, string>();
  for (const [key, list] of backends) out.set(key, JSON.stringify(list.sort()));
  return out;
}

/**
 * Service ports with a named targetPort that some Ingress backend leads to on a side, whose Service selects
 * a region class not represented by a workload, where the chain (the Service, or the backends naming it)
 * differs between base and head or the controller's pair toward that region changed (a policy now admits
 * it there). A port the same on both sides is listed once, as head has it.
 */
function unresolvedServicePorts(base: Connectivity, head: Connectivity, represented: Pick<ReadonlySet<number>, 'has'>, controllerChanged: ReadonlySet<number>): UnresolvedServicePorts[] {
  if (base.cluster.ingressBackends.length === 0 && head.cluster.ingressBackends.length === 0) return [];
  // Services by key as the ingress controller found them (ingress-controller.ts backendService: its index per list, last copy winning).
  const serviceOf = (c: Connectivity, s: Service) => backendService(c.cluster, { namespace: s.namespace, service: s.name });
  const [baseChains, headChains] = [chains(base), chains(head)];
  const changed = (s: Service) => {
    const key = serviceKey(s);
    return !same(serviceOf(base, s), serviceOf(head, s)) || baseChains.get(key) !== headChains.get(key);
  };
  const out = new Map<string, { entry: UnresolvedServicePorts; ingresses: Set<string> }>();
  for (const [name, side] of [['base', base], ['head', head]] as const) {
    const seen = new Set<IngressBackend>();
    for (const cls of side.index.regionClasses) {
      // Regions without backends first: whether a workload represents a region is worked out when asked.
      if (side.ingressBackends[cls.index].length === 0 || represented.has(cls.region!.index)) continue;
      const pathChanged = controllerChanged.has(cls.region!.index);
      for (const backend of side.ingressBackends[cls.index]) {
        if (seen.has(backend)) continue;
        const service = backendService(side.cluster, backend);
        if (!service || !(pathChanged || changed(service))) continue;
        seen.add(backend);
        for (const p of backendPorts(service, backend)) {
          if (typeof p.targetPort !== 'string') continue;
          const key = `${serviceKey(service)}\u0000${p.port}\u0000${p.protocol}\u0000${p.targetPort}`;
          const known = out.get(key);
          const ingress = `${backend.namespace}/${backend.ingress}`;
          if (known?.entry.side === name) {
            known.ingresses.add(ingress);
            continue;
          }
          // Base comes first: a port on both sides is listed as head has it.
          const entry: UnresolvedServicePorts = { side: name, service: serviceKey(service), servicePort: p.port, ingresses: [], direction: 'ingress', ports: [`${p.protocol}/${p.targetPort}`], ref: p.ref, kind: 'service' };
          out.set(key, { entry, ingresses: new Set([ingress]) });
        }
      }
    }
  }
  return [...out.values()]
    .map(({ entry, ingresses }) => ({ ...entry, ingresses: [...ingresses].sort() }))
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.servicePort - b.servicePort || (a.ports[0] < b.ports[0] ? -1 : a.ports[0] > b.ports[0] ? 1 : 0)));
}
