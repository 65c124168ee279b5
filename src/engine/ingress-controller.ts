/**
 * The ingress controller: a source peer that reaches the pods behind each Ingress backend Service, on the
 * Service's target ports only, and only where the destination's ingress policies admit an arbitrary
 * in-cluster pod (the controller's own namespace and labels are unknown from the manifests).
 */
import { ConnectionSet } from './connection-set.js';
import type { EngineDiagnostic } from './diagnostics.js';
import type { Cluster, IngressBackend, Protocol, Service, ServicePort } from './model.js';
import { ALL_PORTS } from './model.js';
import type { ClassIndex, IndexParts, PodClass } from './peer-classes.js';
import type { RegionSet } from './regions.js';
import { indexParts, selectInNamespace } from './peer-classes.js';

/**
 * Per class: what the Ingress backends route to it (`routes`), what of that its ingress admits from an
 * arbitrary in-cluster pod (`reach`), and the backends whose Service selects it; diagnostics for backends
 * whose Service or port is missing are appended to `diagnostics`. What a backend routes depends only on
 * the backend, the Service it names and the index, so it is kept per index and backend object for later
 * computations (base, head and the rollback's candidates share most of them).
 */
export function ingressControllerReach(
  cluster: Cluster,
  index: ClassIndex,
  /** What a class admits on ingress from an arbitrary in-cluster pod (its ingress default). */
  admitted: (cls: PodClass) => ConnectionSet,
  diagnostics: EngineDiagnostic[],
): { reach: ConnectionSet[]; routes: ConnectionSet[]; backends: (readonly IngressBackend[])[] } {
  const reach = new Array<ConnectionSet>(index.classes.length).fill(ConnectionSet.NONE);
  // Classes no backend leads to (most) share one empty list.
  const backends = new Array<IngressBackend[]>(index.classes.length).fill(NO_BACKENDS);
  let memo = routesByIndex.get(index);
  if (!memo) routesByIndex.set(index, (memo = new WeakMap()));
  for (const backend of cluster.ingressBackends) {
    const service = backendService(cluster, backend);
    let routed = memo.get(backend);
    if (!routed || routed.service !== service) memo.set(backend, (routed = routesOver(index, backend, service)));
    for (const d of routed.diagnostics) diagnostics.push({ ...d });
    for (let k = 0; k < routed.classes.length; k++) {
      const c = routed.classes[k];
      reach[c] = reach[c].union(routed.conns[k]);
      if (backends[c] === NO_BACKENDS) backends[c] = [];
      backends[c].push(backend);
    }
  }
  // `routes`: what the Ingress chain leads to before policy; `reach`: what the destination's ingress admits of it.
  return { reach: reach.map((c, i) => (c.isEmpty() ? c : c.intersect(admitted(index.classes[i])))), routes: reach, backends };
}

const NO_BACKENDS: IngressBackend[] = [];

/** What one backend routes to over one index, through `service` (the Service it names, if defined). */
interface BackendRoutes {
  readonly service: Service | undefined;
  readonly diagnostics: readonly EngineDiagnostic[];
  /** The classes the Service selects, each with the target ports the backend leads to on it. */
  readonly classes: readonly number[];
  readonly conns: readonly ConnectionSet[];
}

/** Per index, per backend object (weak both ways: an entry lives while its index and backend do). */
const routesByIndex = new WeakMap<ClassIndex, WeakMap<IngressBackend, BackendRoutes>>();

/**
 * `backendRoutes` over `index`; over an index with regions, when the Service selects no region there, the
 * routes over the workloads' index it extends (the same classes, numbered alike), kept there: a warm
 * process's next push, whose regions are others, routes again only the backends whose Service reaches a region.
 */
function routesOver(index: ClassIndex, backend: IngressBackend, service: Service | undefined): BackendRoutes {
  const parts = indexParts(index);
  if (!parts || (service?.selector && selectsRegion(parts, service))) return backendRoutes(index, backend, service);
  let memo = routesByIndex.get(parts.plain);
  if (!memo) routesByIndex.set(parts.plain, (memo = new WeakMap()));
  let routed = memo.get(backend);
  if (!routed || routed.service !== service) memo.set(backend, (routed = backendRoutes(parts.plain, backend, service)));
  return routed;
}

/**
 * Whether a Service selects a region of the index's regions' part, per RegionSet and Service object: the
 * part's classes and their pod labels come from the RegionSet alone, so base's, head's and the rollback's
 * indices over one RegionSet share the answer (each Service once per diff, not once per side).
 */
const regionSelections = new WeakMap<RegionSet, WeakMap<Service, boolean>>();

function selectsRegion(parts: IndexParts, service: Service): boolean {
  const selector = service.selector;
  if (!selector) return false;
  let bySet = regionSelections.get(parts.set);
  if (!bySet) regionSelections.set(parts.set, (bySet = new WeakMap()));
  let picks = bySet.get(service);
  if (picks === undefined) bySet.set(service, (picks = selectInNamespace(parts.regions, service.namespace, { matchLabels: selector, expressions: [] }).length > 0));
  return picks;
}

function backendRoutes(index: ClassIndex, backend: IngressBackend, service: Service | undefined): BackendRoutes {
  const diagnostics: EngineDiagnostic[] = [];
  const none = { service, diagnostics, classes: [], conns: [] };
  if (!service) {
    diagnostics.push({
      code: 'INGRESS_SERVICE_NOT_FOUND',
      message: `Ingress ${backend.namespace}/${backend.ingress}: backend Service "${backend.service}" is not defined in the manifests`,
      ref: backend.ref,
    });
    return none;
  }
  const ports = backendPorts(service, backend);
  if (ports.length > 0 && ports.every((p) => !portOrName(p, backend))) {
    diagnostics.push({
      code: 'INGRESS_TARGET_PORT_MATCH',
      message: `Ingress ${backend.namespace}/${backend.ingress}: backend port ${String(backend.port)} is the targetPort of Service ${service.name}, not one of its ports; ingress-nginx routes it (it matches the port, the target port or the port name), other controllers may not`,
      ref: backend.ref,
    });
  }
  if (ports.length === 0) {
    diagnostics.push({
      code: 'INGRESS_PORT_NOT_FOUND',
      message: `Ingress ${backend.namespace}/${backend.ingress}: Service ${service.name} has no port ${String(backend.port)}`,
      ref: backend.ref,
    });
    return none;
  }
  if (!service.selector) return none;
  const classes: number[] = [];
  const conns: ConnectionSet[] = [];
  // Through the index's label postings (and its memo): backends of one Service recur per Ingress rule.
  for (const cls of selectInNamespace(index, service.namespace, { matchLabels: service.selector, expressions: [] })) {
    let c = ConnectionSet.NONE;
    for (const p of ports) c = c.union(targetConn(p, cls));
    classes.push(cls.index);
    conns.push(c);
  }
  return { service, diagnostics, classes, conns };
}

/**
 * The Service ports a backend reaches, as ingress-nginx resolves `service.port` (controller.go compares
 * it with each Service port's number, targetPort and name): by number or name first, else by targetPort.
 */
export function backendPorts(service: Service, backend: IngressBackend): readonly ServicePort[] {
  if (backend.port === ALL_PORTS) return service.ports;
  const direct = service.ports.filter((p) => portOrName(p, backend));
  return direct.length > 0 ? direct : service.ports.filter((p) => String(p.targetPort) === String(backend.port));
}

function portOrName(p: ServicePort, backend: IngressBackend): boolean {
  return p.port === backend.port || p.name === backend.port;
}

/**
 * The Service target ports given by name (`targetPort: http`) that `backends` lead to on `cls`, when
 * `cls` is a region of label space (pods the manifests do not hold): their container ports are unknown,
 * so the name cannot become a number there (`routes` gives it nothing) and stays a name. None for a class
 * of workloads, whose names resolve to numbers.
 */
export function routeNames(cluster: Cluster, backends: readonly IngressBackend[], cls: PodClass): { readonly protocol: Protocol; readonly name: string }[] {
  if (cls.region === undefined || backends.length === 0) return [];
  const out = new Map<string, { protocol: Protocol; name: string }>();
  for (const backend of backends) {
    const service = backendService(cluster, backend);
    if (!service) continue;
    for (const p of backendPorts(service, backend)) if (typeof p.targetPort === 'string') out.set(`${p.targetPort}/${p.protocol}`, { protocol: p.protocol, name: p.targetPort });
  }
  return [...out.values()];
}

/** Services by `namespace/name`, built once per list: `routeNames` runs per region class, and a linear search there made the 100k diff twice as slow. */
const servicesByKey = new WeakMap<readonly Service[], ReadonlyMap<string, Service>>();

/** The Service an Ingress backend names in its namespace, or undefined when the manifests do not define it (the last copy of a key wins, as in the cluster's list). */
export function backendService(cluster: Cluster, backend: Pick<IngressBackend, 'namespace' | 'service'>): Service | undefined {
  let byKey = servicesByKey.get(cluster.services);
  if (!byKey) {
    const map = new Map<string, Service>();
    for (const s of cluster.services) map.set(`${s.namespace}/${s.name}`, s);
    servicesByKey.set(cluster.services, (byKey = map));
  }
  return byKey.get(`${backend.namespace}/${backend.service}`);
}

/** A numeric targetPort is used as is; a named one resolves on each destination pod's container ports. */
function targetConn(p: ServicePort, cls: PodClass): ConnectionSet {
  if (typeof p.targetPort === 'number') return ConnectionSet.port(p.protocol, p.targetPort);
  const named = cls.namedPorts.find((np) => np.name === p.targetPort && np.protocol === p.protocol);
  return named ? ConnectionSet.port(p.protocol, named.port) : ConnectionSet.NONE;
}
