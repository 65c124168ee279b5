/**
 * A Deployment document whose pods carry `app: NAME` (one container), for tests whose fixtures need workloads
 * to sit in namespaces but not their ports: `appDeployment('ui', 'clients')`. No leading `---`.
 */
export function appDeployment(name: string, namespace: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: i}]}
`;
}
