/**
 * A Deployment document whose pods carry `app: NAME` (one container), for tests whose fixtures need workloads
 * to sit in namespaces: `appDeployment('ui', 'clients')`; namespace `undefined`: none written (a kustomization
 * or a Flux Kustomization sets it); `container`: more of the container's flow mapping
 * (`', ports: [{name: http, containerPort: 8080}]'`). No leading `---`.
 */
export function appDeployment(name: string, namespace: string | undefined, container = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}${namespace === undefined ? '' : `, namespace: ${namespace}`}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: i${container}}]}
`;
}
