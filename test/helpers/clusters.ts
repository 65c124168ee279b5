/** Small clusters several test files share, as manifest text. */
import { appDeployment } from './deployment-yaml.js';

/**
 * Namespaces each labelled `team: <its name>`, then a Deployment per `[name, namespace]` of `apps` (pods labelled
 * `app: <name>`, deployment-yaml.ts `appDeployment`), one document each: `teamApps(['shop', 'data'], [['web', 'shop']])`.
 */
export function teamApps(namespaces: readonly string[], apps: readonly (readonly [string, string])[]): string {
  const docs = namespaces.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}, labels: {team: ${n}}}\n`).join('---\n');
  return docs + apps.map(([name, namespace]) => `---\n${appDeployment(name, namespace)}`).join('');
}

/**
 * The two-team cluster of the tier and findings tests: namespace `a` (labels `team: red`) holding
 * `client`, namespace `b` (`team: blue`) holding `server`, as Pods or Deployments (`app: <name>` labels).
 * `serverPorts`: the server container's `ports` (flow style), if any.
 */
export function twoTeams(kind: 'Pod' | 'Deployment', serverPorts?: string): string {
  const namespace = (name: string, team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {team: ${team}}}\n`;
  const container = (name: string, ports?: string) => `{name: ${name}, image: ${name}${ports ? `, ports: ${ports}` : ''}}`;
  const workload = (name: string, ns: string, c: string) =>
    kind === 'Pod'
      ? `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nspec: {containers: [${c}]}\n`
      : `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {selector: {matchLabels: {app: ${name}}}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [${c}]}}}\n`;
  return [namespace('a', 'red'), namespace('b', 'blue'), workload('client', 'a', container('c')), workload('server', 'b', container('s', serverPorts))].join('---\n');
}

/**
 * A NetworkPolicy in block style (as Kustomize sources are written), without a namespace: pods labelled
 * `app: <target>` admit pods labelled `app: client`, on `port` when given, else on every port.
 */
export function clientPolicy(name: string, target: string, port?: number): string {
  const ports = port === undefined ? '' : `      ports:\n        - port: ${port}\n`;
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector:\n    matchLabels: {app: ${target}}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: client}\n${ports}`;
}
