/**
 * The NetworkPolicies a Flux Operator `FluxInstance` (`fluxcd.controlplane.io/v1`) installs in its namespace.
 * The operator deploys the Flux distribution's manifests, which hold three NetworkPolicies (flux2
 * `manifests/policies`), unless `spec.cluster.networkPolicy` is false. Flux Operator API, FluxInstance,
 * "Cluster network policy": "specifies whether to restrict network access to the Flux namespace from other
 * namespaces. By default, network policy is enabled"; Flux docs, "Flux optional components": "The default
 * network policies block all ingress access to the flux-system namespace, except for notification-controller
 * webhook receiver". As the distribution writes them:
 * - `allow-egress`: every pod of the namespace; ingress from pods of the namespace only, egress to anything;
 * - `allow-scraping`: every pod; ingress on TCP 8080 from every namespace (metrics);
 * - `allow-webhooks`: pods labelled `app: notification-controller`; ingress from every namespace (the
 *   webhook receiver; distributions from 2026-08 on narrow it to TCP 9292, read here as every port).
 * So an app deployed into the Flux namespace is isolated for ingress although no manifest of the repository
 * says so: a policy admitting Prometheus there opens a path, it closes none (real-eval 24, a repository that
 * put an app into flux-system beside a FluxInstance).
 *
 * The policies are made from the FluxInstance's document and cited at its lines (`spec.cluster.networkPolicy`
 * when written). `spec.kustomize.patches` aimed at NetworkPolicies are not applied, and said.
 */
import type { NetworkPolicy, SourceRef } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { quote } from '../quote.js';
import { readNetworkPolicy } from './network-policy.js';

export const FLUX_INSTANCE_KIND = 'FluxInstance';

/** Whether `apiVersion` is the Flux Operator's API group. */
export function isFluxInstanceApi(apiVersion: string): boolean {
  return apiVersion.startsWith('fluxcd.controlplane.io/');
}

/** The distribution's NetworkPolicies, as specs (names and rules as flux2 writes them). */
const FLUX_POLICIES: readonly { readonly name: string; readonly spec: Json }[] = [
  { name: 'allow-egress', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: {} }] }], egress: [{}] } },
  { name: 'allow-scraping', spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 8080 }] }] } },
  { name: 'allow-webhooks', spec: { podSelector: { matchLabels: { app: 'notification-controller' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }] }] } },
];

/** The NetworkPolicies the FluxInstance `obj` (in `namespace`) installs: none when `spec.cluster.networkPolicy` is false. */
export function fluxInstancePolicies(ctx: DocContext, obj: Json, namespace: string, name: string): NetworkPolicy[] {
  const ref = ctx.ref(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const cluster = isObject(spec.cluster) ? spec.cluster : {};
  const flag = cluster.networkPolicy;
  const at: SourceRef = flag === undefined ? ref : ctx.keyRef(cluster, 'networkPolicy', ref);
  if (flag === false) return [];
  if (flag !== undefined && flag !== null && flag !== true) {
    ctx.report('warning', 'INVALID_FIELD', `FluxInstance ${namespace}/${name}: spec.cluster.networkPolicy must be true or false, not ${quote(flag)}; read as the default (true: the Flux network policies installed)`, at);
  }
  const kustomize = isObject(spec.kustomize) ? spec.kustomize : {};
  const patches = asArray(kustomize.patches) ?? [];
  if (patches.some((p) => isObject(p) && isObject(p.target) && (p.target.kind === 'NetworkPolicy' || p.target.kind === undefined))) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `FluxInstance ${namespace}/${name}: spec.kustomize.patches that may change the Flux network policies are not applied; they are read as the distribution writes them`, ctx.keyRef(kustomize, 'patches', ref));
  }
  const out: NetworkPolicy[] = [];
  for (const p of FLUX_POLICIES) {
    // The objects are made here, not read from the file: every position falls back to the FluxInstance's line.
    const read = readNetworkPolicy(ctx, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace }, spec: p.spec }, namespace, p.name, `NetworkPolicy ${namespace}/${p.name} (installed by FluxInstance ${name})`);
    if (read) out.push({ ...read, ref: at, installedBy: `FluxInstance ${namespace}/${name}` });
  }
  return out;
}
