/**
 * A pod spec's container ports as the API server validates them: `containers` and `ports` are lists,
 * `containerPort` an integer 1-65535, `name` an IANA service name unique in its container, `protocol`
 * TCP, UDP or SCTP. A bad port is reported and left out; the workload is analysed without it.
 *
 * A name that another container of the pod already gives a port is accepted by the API server with a
 * warning ("duplicate port name …, services and probes that select ports by name will use" the first;
 * pod warnings of the Kubernetes API): `DUPLICATE_PORT_NAME`, a warning, and the name resolves to the
 * first port, as for Services and probes (network plugins that resolve named ports may also match the other).
 */
import type { NamedPort } from '../../engine/model.js';
import { portNameError, portNumberError } from '../api-syntax.js';
import { quote } from '../quote.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject, readProtocol } from '../context.js';
import { checkFields } from '../field-checks.js';
import { CONTAINER_PORT } from '../known-fields.js';
import { emptiedValue } from '../emptied-values.js';
import { fitted } from '../../util/fitted.js';

export function readNamedPorts(ctx: DocContext, spec: Json, where: string): NamedPort[] {
  const out: NamedPort[] = [];
  /** Where each name was first given: container and port index (`containers[0].ports[1]`). */
  const firstOf = new Map<string, { readonly container: number; readonly port: number }>();
  const containers = listField(ctx, spec, 'containers', where);
  // Indexed: no iterator and [index, item] pair per container and port (every workload of both sides).
  for (let i = 0; i < containers.length; i++) {
    const c = containers[i];
    if (!isObject(c)) continue;
    const ports = listField(ctx, c, 'ports', `${where}: containers[${i}]`);
    // The container's position once, not once per port (the fallback of a port without one).
    const containerRef = ports.length > 0 ? ctx.ref(c) : ctx.docRef;
    for (let j = 0; j < ports.length; j++) {
      const p = ports[j];
      const label = `${where}: containers[${i}].ports[${j}]`;
      const ref = ctx.ref(p, containerRef);
      if (!isObject(p)) {
        ctx.report('error', 'INVALID_FIELD', `${label} must be a map`, ref);
        continue;
      }
      // An unknown field is reported; the port is still read (the workload is analysed without bad fields).
      checkFields(ctx, p, CONTAINER_PORT, label, ref);
      // A value a Flux variable without a value emptied (an unread substituteFrom object may hold it): unknown,
      // not invalid; said at its line (emptied-values.ts). An emptied number leaves the port out, an emptied name the name.
      if (blank(p.containerPort) && ctx.emptied(p, 'containerPort') !== undefined) {
        emptiedValue(ctx, p, 'containerPort', p.containerPort, `${label}.containerPort`, 'the port is not read here (rules naming it do not match it)', ctx.keyRef(p, 'containerPort', ref));
        continue;
      }
      const unnamed = blank(p.name) && ctx.emptied(p, 'name') !== undefined && emptiedValue(ctx, p, 'name', p.name, `${label}.name`, 'the port is read without a name (rules naming it do not match it here)', ctx.keyRef(p, 'name', ref)) !== undefined;
      const numberProblem = portNumberError(p.containerPort);
      if (numberProblem) {
        ctx.report('error', 'PORT_OUT_OF_RANGE', `${label}.containerPort: ${numberProblem}; port ignored`, ref);
        continue;
      }
      const protocol = readProtocol(p.protocol);
      if (!protocol) {
        ctx.report('error', 'UNKNOWN_PROTOCOL', `${label}: protocol ${quote(p.protocol)} is not TCP, UDP or SCTP; port ignored`, ref);
        continue;
      }
      if (unnamed || p.name === undefined || p.name === null || p.name === '') continue;
      const nameProblem = typeof p.name === 'string' ? portNameError(p.name) : `${JSON.stringify(p.name)} is not a port name`;
      if (nameProblem) {
        ctx.report('error', 'INVALID_PORT_NAME', `${label}.name: ${nameProblem}; port ignored`, ref);
        continue;
      }
      const first = firstOf.get(p.name as string);
      if (first?.container === i) {
        ctx.report('error', 'INVALID_PORT_NAME', `${label}.name: ${quote(p.name)} is already the name of another port of this container; port ignored`, ref);
        continue;
      }
      if (first) {
        ctx.report(
          'warning',
          'DUPLICATE_PORT_NAME',
          `${label}.name: ${quote(p.name)} is also the name of containers[${first.container}].ports[${first.port}] (containerPort ${out.find((q) => q.name === p.name)?.port}); Kubernetes accepts the pod with a warning, and Services, probes and reachdiff resolve the name to that first port (network plugins that resolve named ports may also match this one, ${p.containerPort as number})`,
          ref,
        );
        continue;
      }
      firstOf.set(p.name as string, { container: i, port: j });
      out.push({ name: p.name as string, port: p.containerPort as number, protocol });
    }
  }
  // Kept with the workload: fitted to its length (util/fitted.ts).
  return fitted(out);
}

/** A value a Flux variable without a value may have emptied. */
function blank(v: unknown): boolean {
  return v === null || v === '';
}

/** A field that must be a list: absent is empty; a map or scalar is reported and read as empty. */
function listField(ctx: DocContext, obj: Json, key: string, where: string): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  const list = asArray(v);
  if (!list) ctx.report('error', 'INVALID_FIELD', `${where}: ${key} must be a list`, ctx.keyRef(obj, key, ctx.ref(v, ctx.ref(obj))));
  return list ?? [];
}
