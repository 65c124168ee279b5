/**
 * The ingress controller toward pods the manifests do not hold (a region of label space), with port names.
 * Their container ports are unknown, so a Service's `targetPort: http` cannot become a number there
 * (`Connectivity.ingressRoutes` gives it nothing) and a rule's `port: http` neither. As for pod sources
 * (region-port-names.ts), each name is carried (OUTPUT-CONTRACT "Abstract peers": `namedPorts`): a port
 * called `http` is routed on every number where a backend Service targets the name (else on the numbers
 * it targets, which that port may carry), and admitted as the region admits an arbitrary in-cluster pod
 * on a port of that name (a rule over every pod naming it admits any number; tier `namedPort` rules
 * decide it in their tier). `explain --from {ingress-controller} --port NAME` evaluates the same sets
 * (explain-pair.ts `controllerByName`).
 */
import type { Connectivity } from './connectivity.js';
import { routeNames } from './ingress-controller.js';
import { NamedConns } from './named-conns.js';
import { defaultConns } from './region-port-names.js';

/** One side's reach of the controller toward a region class, by parts. */
export interface ControllerNames {
  /** What the Ingress → Service chain leads to (numbers, and every port of a named target port's protocol for its name). */
  readonly route: NamedConns;
  /** What the region admits from an arbitrary in-cluster pod, per port name its rules over every pod give. */
  readonly admitted: NamedConns;
  /** `route` ∩ `admitted`, name by name: what the controller may open toward the region. */
  readonly reach: NamedConns;
}

/**
 * The controller's reach toward region class `cls` by parts, names included (for a class of workloads:
 * the numbers alone, its names being numbers already).
 */
export function controllerParts(conn: Connectivity, cls: number): ControllerNames {
  const c = conn.index.classes[cls];
  const backends = conn.ingressBackends[cls];
  const route = NamedConns.of(conn.ingressRoutes[cls], c?.region === undefined ? [] : routeNames(conn.cluster, backends, c));
  const admitted = c?.region === undefined ? NamedConns.of(conn.defaults.ingress[cls]) : defaultConns(conn, 'ingress', cls);
  return { route, admitted, reach: route.isEmpty() ? NamedConns.NONE : route.intersect(admitted) };
}

/**
 * The controller's reach toward class `cls` with port names, or `null` when names cannot change it: `cls`
 * holds workloads (their names are numbers), no Ingress leads there, or neither the route nor the
 * admitting rules give a name (`Connectivity.ingressController` says it all).
 */
export function controllerNames(conn: Connectivity, cls: number): ControllerNames | null {
  if (conn.index.classes[cls]?.region === undefined || conn.ingressBackends[cls].length === 0) return null;
  const parts = controllerParts(conn, cls);
  return parts.route.portNames().length === 0 && parts.admitted.portNames().length === 0 ? null : parts;
}
