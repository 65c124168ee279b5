/**
 * The ingress controller: a source peer that reaches the pods behind each Ingress backend Service, on the
 * Service's target ports only, and only where the destination's ingress policies admit an arbitrary
 * in-cluster pod (the controller's own namespace and labels are unknown from the manifests).
 */
import { ConnectionSet } from './connection-set.js';
import type { EngineDiagnostic } from './diagnostics.js';
import type { Cluster, IngressBackend, Protocol, Service, ServicePort } from './model.js';
import { ALL_PORTS } from './model.js';
import type { ClassIndex, PodClass } from './peer-classes.js';
import { selectInNamespace } from './peer-classes.js';

export function ingressControllerReach(
  cluster: Cluster,
  index: ClassIndex,
  /** What a class admits on ingress from an arbitrary in-cluster pod (its ingress default). */
  admitted: (cls: PodClass) => ConnectionSet,
  diagnostics: EngineDiagnostic[],
): { reach: ConnectionSet[]; routes: ConnectionSet[]; backends: IngressBackend[][] } {
  const reach = index.classes.map(() => ConnectionSet.NONE);
  const backends = index.classes.map((): IngressBackend[] => []);
  for (const backend of cluster.ingressBackends) {
    const service = backendService(cluster, backend);
    if (!service) {
      diagnostics.push({
        code: 'INGRESS_SERVICE_NOT_FOUND',
        message: `Ingress ${backend.namespace}/${backend.ingress}: backend Service "${backend.service}" is not defined in the manifests`,
        ref: backend.ref,
      });
      continue;
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
      continue;
    }
    if (!service.selector) continue;
    const selector = service.selector;
    // Through the index's label postings (and its memo): backends of one Service recur per Ingress rule.
    for (const cls of selectInNamespace(index, service.namespace, { matchLabels: selector, expressions: [] })) {
      for (const p of ports) reach[cls.index] = reach[cls.index].union(targetConn(p, cls));
      backends[cls.index].push(backend);
    }
  }
  // `routes`: what the Ingress chain leads to before policy; `reach`: what the destination's ingress admits of it.
  return { reach: reach.map((c, i) => (c.isEmpty() ? c : c.intersect(admitted(index.classes[i])))), routes: reach, backends };
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
export function backendService(cluster: Cluster, backend: IngressBackend): Service | undefined {
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
