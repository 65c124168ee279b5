/**
 * A Flux GitRepository `fleet` of this repository and one Kustomization built from it, as a cluster's sync
 * file writes them (kustomize.toolkit.fluxcd.io/v1): `name` in flux-system, `path`, and `targetNamespace`
 * when given (Flux writes it as the `namespace:` of the kustomization it builds).
 */
export function fluxSync(kustomization: { name: string; path: string; targetNamespace?: string }): string {
  const target = kustomization.targetNamespace ? `  targetNamespace: ${kustomization.targetNamespace}\n` : '';
  return `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: fleet, namespace: flux-system}
spec:
  url: https://github.com/acme/fleet
  ref: {branch: main}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${kustomization.name}, namespace: flux-system}
spec:
  path: ${kustomization.path}
  prune: true
${target}  sourceRef: {kind: GitRepository, name: fleet}
`;
}
