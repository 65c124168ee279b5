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

/** The ApplicationSet `netpol` sending `addons/netpol` to the clusters its `generator` gives (`- clusters: {}`: every cluster Argo CD knows), to `destination` as given. */
export function netpolApplicationSet(repoURL: string, destination = "server: '{{server}}'", generator = '- clusters: {}'): string {
  return ['apiVersion: argoproj.io/v1alpha1', 'kind: ApplicationSet', 'metadata:', '  name: netpol', '  namespace: argocd', 'spec:', '  generators:', `    ${generator}`, '  template:', '    metadata:', "      name: '{{name}}-netpol'", '    spec:', ...applicationSpec(repoURL, 'addons/netpol', destination, 6), ''].join('\n');
}
