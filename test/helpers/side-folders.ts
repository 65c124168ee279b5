/**
 * Base and head folders under a new temporary directory, for tests that run the CLI on a small repository:
 * `common` as all.yaml on both sides, then each side's own files (name → YAML; a name may hold folders).
 * `diff(format, reverse)` runs `reachdiff diff base head --format FORMAT` (head against base when `reverse`)
 * and returns its stdout. Written and run by `diffSides` (folder-diff.ts).
 */
import { main } from '../../src/cli/main.js';
import { appDeployment } from './deployment-yaml.js';
import { diffSides } from './folder-diff.js';

export interface SideFolders {
  readonly root: string;
  diff(format: string, reverse?: boolean): Promise<string>;
}

export function sideFolders(prefix: string, common: string, own: { readonly base?: Record<string, string>; readonly head?: Record<string, string> }): SideFolders {
  const sides = diffSides({ base: { 'all.yaml': common, ...own.base }, head: { 'all.yaml': common, ...own.head } }, `reachdiff-${prefix}-`);
  const diff = async (format: string, reverse = false) => (reverse ? await main(['diff', sides.head, sides.base, '--format', format]) : await sides.run('--format', format)).stdout;
  return { root: sides.root, diff };
}

/** Namespaces `hooks` (workload `manager`) and `clients` (workload `ui`): webhooks and the clients that call them. Ends with `---`. */
export const HOOKS_AND_CLIENTS = `apiVersion: v1
kind: Namespace
metadata: {name: hooks}
---
apiVersion: v1
kind: Namespace
metadata: {name: clients}
---
${appDeployment('manager', 'hooks')}---
${appDeployment('ui', 'clients')}---
`;

/**
 * `HOOKS_AND_CLIENTS` and two policies of `hooks` whose selectors cut its pods (`front`: tier=front pods admit
 * the manager and team=ops pods; `mgr`: the manager admits the clients namespace), for tests of causes over
 * several policies. Ends with a newline.
 */
export const HOOKS_POLICIES = `${HOOKS_AND_CLIENTS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: front, namespace: hooks}
spec:
  podSelector: {matchLabels: {tier: front}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: manager}}}, {podSelector: {matchLabels: {team: ops}}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: mgr, namespace: hooks}
spec:
  podSelector: {matchLabels: {app: manager}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: clients}}}]
`;

/** `HOOKS_AND_CLIENTS` and the `admission` policy of `hooks` (component=admission pods admit the manager). Ends with a newline. */
export const HOOKS_ADMISSION = `${HOOKS_AND_CLIENTS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admission, namespace: hooks}
spec:
  podSelector: {matchLabels: {component: admission}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: manager}}}]
`;
