/**
 * Argo CD Application text for target tests: `applicationSpec` the lines of an Application's `spec` (project
 * default, `path` of `repoURL` at HEAD, sent to `destination` — one line such as `name: prod` — into namespace
 * `namespace`, pruned automatically), `indent` spaces in (an ApplicationSet's template holds them 6 in);
 * `argoApplication` a whole Application named `name` in namespace argocd.
 */
export function applicationSpec(repoURL: string, path: string, destination: string, indent = 2, namespace = 'netpol'): string[] {
  return ['project: default', 'source:', `  repoURL: ${repoURL}`, '  targetRevision: HEAD', `  path: ${path}`, 'destination:', `  ${destination}`, `  namespace: ${namespace}`, 'syncPolicy:', '  automated: {prune: true}'].map((l) => ' '.repeat(indent) + l);
}

export function argoApplication(name: string, repoURL: string, path: string, destination: string): string {
  return ['apiVersion: argoproj.io/v1alpha1', 'kind: Application', 'metadata:', `  name: ${name}`, '  namespace: argocd', 'spec:', ...applicationSpec(repoURL, path, destination), ''].join('\n');
}
