/** Fixtures of namespace `shop`: app Deployments on 8080 and a policy isolating `db` for ingress. */
import { appDeployment } from './deployment-yaml.js';

/** A Deployment `name` in shop whose container listens on 8080. */
export const shopDeployment = (name: string) => appDeployment(name, 'shop', ', ports: [{containerPort: 8080}]');

/** Isolates shop's `db` for ingress, admitting `app: from` on 8080. */
export const shopDbPolicy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: ${from}}}}]
    ports: [{port: 8080}]
`;
