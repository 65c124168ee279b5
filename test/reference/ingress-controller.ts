/**
 * The reference for the ingress controller, written from the project's documented semantics (README
 * "The ingress controller", OUTPUT-CONTRACT "Peers") and independent of src/: a source peer that reaches
 * the pods behind each Ingress backend's Service, on the Service's target ports only (a numbered targetPort
 * as is, a named one on the destination pod's container port of that name and protocol), and only where
 * the destination's ingress side admits an arbitrary in-cluster pod: the controller's own namespace and
 * labels are unknown from the manifests, so a port counts only if it is admitted whichever pod the
 * controller is — in any namespace the manifests name, or in one they do not (whatever its labels), with
 * any labels. The backend's port is resolved as ingress-nginx does: the Service ports whose number or name
 * equals it, else those whose targetPort equals it. The controller is only a source; its own egress is
 * not known, so only the destination's side decides.
 *
 * "Whichever pod" is decided by brute force over a finite set of candidate sources that stands for every
 * pod: per label key that a selector able to decide the destination's ingress mentions, each value some
 * such selector names, one value none names, and no value at all (keys and values no selector mentions
 * cannot change any selector's answer); its namespace each one the manifests name, each one a selector
 * names by `kubernetes.io/metadata.name` (the manifests need not hold it), and one no selector names.
 */
import type { Endpoint, Labels, Protocol, RefCluster, RefPod, RefSelector } from './evaluator.js';
import { ingressAllows, namespaceLabels } from './evaluator.js';
import type { RefNamespacedPeer, RefTierPeer } from './tiers.js';

/** The controller's namespace when it is none the manifests name (no object can be in it). */
const UNNAMED = 'unnamed-controller-namespace';
/** A label value no selector names. */
const OTHER = 'unnamed-value';
const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Is `protocol`/`port` of `dst` on the route of some Ingress backend (before any policy)? */
export function controllerRoutes(cluster: RefCluster, dst: RefPod, protocol: Protocol, port: number): boolean {
  for (const ing of cluster.ingresses ?? []) {
    if (ing.namespace !== dst.namespace) continue;
    for (const b of ing.backends) {
      const service = (cluster.services ?? []).filter((s) => s.namespace === ing.namespace && s.name === b.service).pop();
      // A Service without selector (or with an empty one) has no pods behind it.
      if (!service?.selector || Object.keys(service.selector).length === 0) continue;
      if (!Object.entries(service.selector).every(([k, v]) => dst.labels[k] === v)) continue;
      const wanted = 'number' in b.port ? b.port.number : b.port.name;
      const direct = service.ports.filter((p) => p.port === wanted || (p.name !== undefined && p.name === wanted));
      const ports = direct.length > 0 ? direct : service.ports.filter((p) => String(p.targetPort ?? p.port) === String(wanted));
      for (const p of ports) {
        if ((p.protocol ?? 'TCP') !== protocol) continue;
        const target = p.targetPort ?? p.port;
        if (typeof target === 'number' ? target === port : dst.ports.some((cp) => cp.name === target && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port)) return true;
      }
    }
  }
  return false;
}

/** May the ingress controller connect to `dst` on `protocol`/`port`? */
export function controllerAllowed(cluster: RefCluster, dst: RefPod, protocol: Protocol, port: number): boolean {
  return controllerTo(cluster, dst)(protocol, port);
}

/** `controllerAllowed` toward one destination, its candidate sources enumerated once (when a port is routed). */
export function controllerTo(cluster: RefCluster, dst: RefPod): (protocol: Protocol, port: number) => boolean {
  let sources: [RefCluster, Endpoint][] | undefined;
  return (protocol, port) => {
    if (!controllerRoutes(cluster, dst, protocol, port)) return false;
    sources ??= candidateSources(cluster, dst);
    return sources.every(([c, src]) => ingressAllows(c, src, dst, protocol, port));
  };
}

type Mentioned = Map<string, Set<string>>;

function mention(into: Mentioned, key: string, value?: string): void {
  const values = into.get(key) ?? into.set(key, new Set()).get(key)!;
  if (value !== undefined) values.add(value);
}

function mentionSelector(into: Mentioned, s: RefSelector | undefined): void {
  for (const [k, v] of Object.entries(s?.matchLabels ?? {})) mention(into, k, v);
  for (const r of s?.matchExpressions ?? []) {
    mention(into, r.key);
    for (const v of r.values ?? []) mention(into, r.key, v);
  }
}

function isNamespacedPeer(n: RefSelector | RefNamespacedPeer): n is RefNamespacedPeer {
  return 'namespaceSelector' in n || 'sameLabels' in n || 'notSameLabels' in n;
}

/** sameLabels / notSameLabels compare with the subject namespace's values: those are the values that matter. */
function mentionNamespaces(ns: Mentioned, n: RefSelector | RefNamespacedPeer | undefined, subjectNs: Labels): void {
  if (!n) return;
  if (!isNamespacedPeer(n)) return mentionSelector(ns, n);
  mentionSelector(ns, n.namespaceSelector);
  for (const k of [...(n.sameLabels ?? []), ...(n.notSameLabels ?? [])]) mention(ns, k, subjectNs[k]);
}

/** Every label assignment over the mentioned keys: each named value, one other value, or absent. */
function assignments(keys: Mentioned): Labels[] {
  let out: Labels[] = [{}];
  for (const [key, values] of keys) {
    const options = [undefined, ...values, OTHER];
    out = out.flatMap((l) => options.map((v) => (v === undefined ? l : { ...l, [key]: v })));
  }
  return out;
}

/**
 * Pods that stand for every possible source of `dst`'s ingress, each with the cluster it is evaluated in
 * (a namespace the manifests do not name gets its labels there).
 */
function candidateSources(cluster: RefCluster, dst: RefPod): [RefCluster, Endpoint][] {
  const ns: Mentioned = new Map();
  const pod: Mentioned = new Map();
  const subjectNs = namespaceLabels(cluster, dst.namespace);
  // Every rule peer that could decide it (a superset: policies that do not select dst add keys, not answers).
  for (const p of cluster.policies) {
    if (p.namespace !== dst.namespace) continue;
    for (const r of p.spec.ingress ?? []) {
      for (const peer of r.from ?? []) {
        mentionSelector(ns, peer.namespaceSelector);
        mentionSelector(pod, peer.podSelector);
      }
    }
  }
  for (const p of cluster.clusterPolicies ?? []) {
    for (const r of p.spec.ingress ?? []) {
      for (const peer of (r.from ?? []) as RefTierPeer[]) {
        mentionNamespaces(ns, peer.namespaces, subjectNs);
        mentionSelector(ns, peer.pods?.namespaceSelector);
        mentionNamespaces(ns, peer.pods?.namespaces, subjectNs);
        mentionSelector(pod, peer.pods?.podSelector);
      }
    }
  }
  // A name a selector gives (`kubernetes.io/metadata.name NotIn [ns1]`) is a namespace the controller may
  // be in even when no object of the manifests is: it is tried as the unnamed one is, whatever its labels.
  const byName = [...(ns.get(NAME_LABEL) ?? [])];
  ns.delete(NAME_LABEL);
  const named = new Set([dst.namespace, ...cluster.namespaces.map((n) => n.name), ...cluster.pods.map((p) => p.namespace), ...cluster.policies.map((p) => p.namespace)]);
  const podLabels = assignments(pod);
  const out: [RefCluster, Endpoint][] = [];
  const add = (c: RefCluster, namespace: string) => {
    for (const labels of podLabels) out.push([c, { kind: 'pod', pod: { namespace, name: 'ingress-controller', labels, ports: [] } }]);
  };
  for (const name of named) add(cluster, name);
  for (const name of [UNNAMED, ...byName.filter((n) => !named.has(n))]) {
    for (const labels of assignments(ns)) add({ ...cluster, namespaces: [...cluster.namespaces, { name, labels }] }, name);
  }
  return out;
}
