/**
 * The small cluster the tier tests of several policy kinds share (test/tiers/cilium.test.ts, calico.test.ts):
 * shop (web with port http=8080, api), other (client, and an api with the same app label as shop's), data (db;
 * the namespace labelled team=data), as one multi-document YAML text.
 */
export const deployment = (ns: string, name: string, labels = `{app: ${name}}`, ports = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: c, image: x${ports}}]}
`;

export const namespace = (name: string, labels = '{}') => `apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${labels}}
`;

export const WORLD = [
  namespace('shop'),
  namespace('other'),
  namespace('data', '{team: data}'),
  deployment('shop', 'web', '{app: web}', ', ports: [{name: http, containerPort: 8080}]'),
  deployment('shop', 'api'),
  deployment('other', 'client'),
  deployment('other', 'api'),
  deployment('data', 'db'),
].join('---\n');

/** A Calico NetworkPolicy (projectcalico.org/v3) in `ns`; `spec`: its indented spec lines. */
export const calicoNetworkPolicy = (name: string, ns: string, spec: string) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

/** A Calico GlobalNetworkPolicy of `apiVersion` (projectcalico.org/v3 or crd.projectcalico.org/v1). */
export const globalNetworkPolicy = (name: string, spec: string, apiVersion = 'projectcalico.org/v3') => `apiVersion: ${apiVersion}
kind: GlobalNetworkPolicy
metadata: {name: ${name}}
spec:
${spec}`;

/** A Calico Tier of `order`; `extra`: more spec fields, each starting with ', '. */
export const calicoTier = (name: string, order: number, extra = '') => `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: ${name}}
spec: {order: ${order}${extra}}
`;

/** A Kubernetes NetworkPolicy (networking.k8s.io/v1) in `ns`. */
export const networkPolicy = (name: string, ns: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}`;

/** The connection lines of `l` toward `dst` (a `namespace/name` prefix), the world's addresses left out, sorted. */
export const toward = (l: string[], dst: string) => l.filter((x) => x.split(' => ')[1].startsWith(dst) && !x.startsWith('0.0.0.0')).sort();
