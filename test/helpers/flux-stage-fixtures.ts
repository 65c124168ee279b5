/**
 * Files of the Flux first-stage tests (flux-stage-one-built, flux-stage-one-shared): a Namespace `client` labelled
 * team=a, relabelled team=b by a patch in its kustomization, beside a policy the API server rejects, so its Flux apply
 * fails after the first stage (Namespaces, CRDs) reached the cluster.
 */
export type Files = Record<string, string>;

/** A Flux Kustomization `name` in flux-system building `path`; `extra`: more `spec` lines. */
export const flux = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n${extra}`;
/** A Deployment `name` in `ns`, its pods labelled app=name. */
export const deploy = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
/** A Namespace labelled team=`team`. */
export const namespace = (name: string, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {team: ${team}}\n`;
/** web (shop) admits only namespaces labelled team=b. */
export const webIn = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: b}}}]\n`;
/** A policy whose port the API server refuses (line 7: the port). */
export const badPort = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: bad, namespace: client}\nspec:\n  podSelector: {}\n  ingress:\n    - ports: [{port: 70000}]\n`;
/** A kustomization listing `resources`, `rest` after them. */
export const kustomization = (resources: string[], rest = '') => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}${rest}`;
/** A JSON 6902 patch relabelling Namespace client team=b (line 10 of its kustomization: the value). */
export const relabel = 'patches:\n  - target: {kind: Namespace, name: client}\n    patch: |-\n      - op: replace\n        path: /metadata/labels/team\n        value: b\n';

/** Two Flux Kustomizations: `ns` applies Namespace client (team=a), `web` the workloads and web's policy admitting team=b. */
export const twoTargetBase: Files = {
  'clusters/prod/ns.yaml': flux('ns', './ns'),
  'clusters/prod/web.yaml': flux('web', './web'),
  'ns/kustomization.yaml': kustomization(['client.yaml']),
  'ns/client.yaml': namespace('client', 'a'),
  'web/deploy.yaml': deploy('web', 'shop'),
  'web/client.yaml': deploy('client', 'client'),
  'web/pol.yaml': webIn,
};
