/**
 * The small cluster the tier tests of several policy kinds share (test/tiers/cilium.test.ts, calico.test.ts):
 * shop (web with port http=8080, api), other (client, and an api with the same app label as shop's), data (db;
 * the namespace labelled team=data), as one multi-document YAML text.
 */
export const deployment = (ns: string, name: string, labels = `{app: ${name}}`, ports = '') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec: {containers: [{name: c, image: x${ports}}]}
`;

export const namespace = (name: string, labels = '{}') => `apiVersion: v1
kind: Namespace
metadata: {name: ${name}, labels: ${labels}}
`;

export const WORLD = [
  namespace('shop'),
  namespace('other'),
  namespace('data', '{team: data}'),
  deployment('shop', 'web', '{app: web}', ', ports: [{name: http, containerPort: 8080}]'),
  deployment('shop', 'api'),
  deployment('other', 'client'),
  deployment('other', 'api'),
  deployment('data', 'db'),
].join('---\n');
