/**
 * A kustomize base (Deployments web and api, a deny-all named `denyName`, web → api on TCP 8080 both ways)
 * built by two overlays, `overlays/prod` and `overlays/staging`, each setting its namespace: one pair
 * web → api per target. For tests of several targets sharing a file (list target by target, explain's edits
 * to a shared file).
 */
export function sharedBaseOverlays(denyName = 'deny'): Record<string, string> {
  const policies = [
    `metadata: {name: ${denyName}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`,
    'metadata: {name: api-in}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]\n',
    'metadata: {name: web-out}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  egress: [{to: [{podSelector: {matchLabels: {app: api}}}], ports: [{port: 8080}]}]\n',
  ];
  const overlay = (namespace: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${namespace}\nresources: [../../base]\n`;
  return {
    'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [apps.yaml, policy.yaml]\n',
    'base/apps.yaml': ['web', 'api']
      .map((name) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec: {containers: [{name: c, image: x}]}\n`)
      .join('---\n'),
    'base/policy.yaml': policies.map((p) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${p}`).join('---\n'),
    'overlays/prod/kustomization.yaml': overlay('prod'),
    'overlays/staging/kustomization.yaml': overlay('staging'),
  };
}
