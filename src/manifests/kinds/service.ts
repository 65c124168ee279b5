import type { IngressBackend, Service, ServicePort, SourceRef } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import { quote } from '../quote.js';
import type { DocContext, Json } from '../context.js';
import { portNameError, portNumberError } from '../api-syntax.js';
import { asArray, isObject, readProtocol } from '../context.js';
import { readLabelMap } from './labels.js';
import { readMap } from '../field-checks.js';
import { fitted } from '../../util/fitted.js';

export function readService(ctx: DocContext, obj: Json, namespace: string, name: string): Service {
  const ref = ctx.ref(obj);
  const where = `Service ${namespace}/${name}`;
  // A spec that is not a map is reported; the Service is read as having none (no selector, no ports).
  const spec = readMap(ctx, obj, 'spec', `${where}: spec`, ref) ?? {};
  const ports: ServicePort[] = [];
  const rawPorts = spec.ports === undefined || spec.ports === null ? [] : asArray(spec.ports);
  if (!rawPorts) ctx.report('error', 'INVALID_FIELD', `${where}: spec.ports must be a list`, ctx.keyRef(spec, 'ports', ctx.ref(spec.ports, ref)));
  for (const [i, p] of (rawPorts ?? []).entries()) {
    const port = readServicePort(ctx, p, `${where}: spec.ports[${i}]`, ctx.itemRef(rawPorts ?? [], i, ctx.ref(spec.ports, ref)));
    if (port) ports.push(port);
  }
  // A selector with an invalid label is left out as a whole: a Service without selector selects no pods.
  const read = readLabelMap(ctx, spec.selector, `${where}: spec.selector`, ctx.fieldRef(spec, 'selector', ref));
  const selector = read.ok && Object.keys(read.labels).length > 0 ? read.labels : null;
  // Ports kept with the Service: fitted to their length (util/fitted.ts).
  return { namespace, name, selector, ports: fitted(ports), ref };
}

/** One Service port as the API server validates it; `undefined` (reported) when the port is left out. */
function readServicePort(ctx: DocContext, p: unknown, label: string, ref: SourceRef): ServicePort | undefined {
  if (!isObject(p)) {
    ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, ref);
    return undefined;
  }
  const portProblem = portNumberError(p.port);
  if (portProblem) {
    ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}.port: ${portProblem}; port ignored`, ref);
    return undefined;
  }
  const port = p.port as number;
  // targetPort (IntOrString) defaults to port; a string is always a container port name.
  const t = p.targetPort;
  const targetProblem = t === undefined || t === null ? undefined : typeof t === 'string' ? portNameError(t) : portNumberError(t);
  if (targetProblem) {
    ctx.report('error', typeof t === 'string' ? 'INVALID_PORT_NAME' : 'PORT_OUT_OF_RANGE', `${label}.targetPort: ${targetProblem}; port ignored`, ref);
    return undefined;
  }
  const targetPort = t === undefined || t === null ? port : (t as number | string);
  const protocol = readProtocol(p.protocol);
  if (!protocol) {
    ctx.report('error', 'UNKNOWN_PROTOCOL', `${label}: protocol ${quote(p.protocol)} is not TCP, UDP or SCTP; port ignored`, ref);
    return undefined;
  }
  return { name: typeof p.name === 'string' ? p.name : undefined, port, targetPort, protocol, ref };
}

/** Every backend of an Ingress (default backend and each rule path), networking.k8s.io/v1 or the old beta shape. */
export function readIngress(ctx: DocContext, obj: Json, namespace: string, name: string): IngressBackend[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const raw: unknown[] = [spec.defaultBackend, spec.backend];
  for (const rule of asArray(spec.rules) ?? []) {
    const http = isObject(rule) && isObject(rule.http) ? rule.http : undefined;
    for (const path of asArray(http?.paths) ?? []) if (isObject(path)) raw.push(path.backend);
  }
  const out: IngressBackend[] = [];
  for (const b of raw) {
    if (!isObject(b)) continue;
    const ref = ctx.ref(b);
    if (isObject(b.service) && typeof b.service.name === 'string') {
      const port = isObject(b.service.port) ? b.service.port : {};
      const p = port.number !== undefined && port.number !== null ? port.number : typeof port.name === 'string' ? port.name : ALL_PORTS;
      const problem = p === ALL_PORTS ? undefined : typeof p === 'string' ? portNameError(p) : portNumberError(p);
      if (problem) {
        ctx.report('error', typeof p === 'string' ? 'INVALID_PORT_NAME' : 'PORT_OUT_OF_RANGE', `Ingress ${namespace}/${name}: backend service port ${problem}; backend ignored`, ref);
        continue;
      }
      out.push({ ingress: name, namespace, service: b.service.name, port: p as number | string, ref });
    } else if (typeof b.serviceName === 'string') {
      const sp = b.servicePort;
      const p = typeof sp === 'number' ? sp : typeof sp === 'string' ? (/^\d+$/.test(sp) ? Number(sp) : sp) : ALL_PORTS;
      out.push({ ingress: name, namespace, service: b.serviceName, port: p, ref });
    }
  }
  return out;
}
