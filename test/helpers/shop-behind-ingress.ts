/**
 * A namespace whose api pods the manifests do not hold, behind an Ingress: `shop` isolates pods
 * `app=api`; web may reach them on 8080, admin on `port: metrics`, every pod on `ingressPorts` (its
 * third ingress rule, line 16); an Ingress leads to them through Service api's `targetPort`. `more`:
 * documents appended (each starting with `---`).
 */
export const shopBehindIngress = (ingressPorts: string, targetPort = 'http', more = '') => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{port: 8080}]
  - from: [{podSelector: {matchLabels: {app: admin}}}]
    ports: [{port: metrics}]
  - from: [{namespaceSelector: {}}]
    ports: [${ingressPorts}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: web, port: 80, targetPort: ${targetPort}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: api, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: api, port: {name: web}}}}
${more}`;
