import type { IngressBackend, Service, ServicePort } from '../../engine/model.js';
import { ALL_PORTS } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject, readLabels, readProtocol } from '../context.js';

export function readService(ctx: DocContext, obj: Json, namespace: string, name: string): Service {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const ports: ServicePort[] = [];
  for (const p of asArray(spec.ports) ?? []) {
    if (!isObject(p)) continue;
    const port = Number(p.port);
    if (!Number.isInteger(port)) {
      ctx.report('warning', 'INVALID_FIELD', `Service ${namespace}/${name}: port without a number; ignored`, ctx.ref(p));
      continue;
    }
    // targetPort defaults to port; a string is a named container port.
    const t = p.targetPort;
    const targetPort = t === undefined || t === null ? port : typeof t === 'number' || /^\d+$/.test(String(t)) ? Number(t) : String(t);
    const protocol = readProtocol(p.protocol);
    if (!protocol) {
      ctx.report('warning', 'UNKNOWN_PROTOCOL', `Service ${namespace}/${name}: protocol "${String(p.protocol)}" is not TCP, UDP or SCTP; port ignored`, ctx.ref(p));
      continue;
    }
    ports.push({ name: typeof p.name === 'string' ? p.name : undefined, port, targetPort, protocol });
  }
  const selector = isObject(spec.selector) && Object.keys(spec.selector).length > 0 ? readLabels(spec.selector) : null;
  return { namespace, name, selector, ports, ref: ctx.ref(obj) };
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
      const p = port.number !== undefined ? Number(port.number) : typeof port.name === 'string' ? port.name : ALL_PORTS;
      out.push({ ingress: name, namespace, service: b.service.name, port: p, ref });
    } else if (typeof b.serviceName === 'string') {
      const sp = b.servicePort;
      const p = typeof sp === 'number' ? sp : typeof sp === 'string' ? (/^\d+$/.test(sp) ? Number(sp) : sp) : ALL_PORTS;
      out.push({ ingress: name, namespace, service: b.serviceName, port: p, ref });
    }
  }
  return out;
}
