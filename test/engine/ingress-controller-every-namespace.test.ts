/**
 * The ingress controller is admitted where a rule admits every pod of every namespace. Every namespace
 * carries `kubernetes.io/metadata.name` (the API server sets it), so a namespaceSelector that only asks for
 * that key to exist selects every namespace, as `{}` does: the controller, whose namespace is unknown, is
 * admitted by it. The engine took only a literally empty selector for "every namespace" and said the
 * controller was denied (found by the no-silent-pass / engine-vs-reference properties once their clusters
 * drew Services and Ingresses).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { analyzeYaml } from '../helpers/analyze.js';

/** Deployment `shop/web` (port `http` 8080) with `policies` (YAML documents), behind Service and Ingress `web`. */
const webBehindIngress = (policies: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}
---
${policies}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  defaultBackend:
    service: {name: web, port: {number: 80}}
`;

const cluster = (namespaceSelector: string) =>
  webBehindIngress(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: ${namespaceSelector}}]`);

const EXISTS = '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: Exists}]}';
const ONLY_SHOP = '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [shop]}]}';
const controller = (yaml: string) => analyzeYaml(yaml).json.connections.find((c) => c.src.id === '{ingress-controller}')?.conn;

describe('the ingress controller and a namespaceSelector that selects every namespace', () => {
  it('`kubernetes.io/metadata.name Exists` admits it, as `{}` does', () => {
    expect(controller(cluster(EXISTS))).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(controller(cluster('{}'))).toEqual({ protocols: { TCP: [[8080, 8080]] } });
  });

  it('a selector of some namespaces does not (the controller may be in any other)', () => {
    expect(controller(cluster(ONLY_SHOP))).toBeUndefined();
    expect(controller(cluster('{matchExpressions: [{key: team, operator: Exists}]}'))).toBeUndefined();
  });

  it('a diff from some namespaces to every namespace opens the controller path', () => {
    const r = analyzeDiff([{ path: 'a.yaml', text: cluster(ONLY_SHOP) }], [{ path: 'a.yaml', text: cluster(EXISTS) }]);
    const pair = r.pairs.find((p) => p.src.type === 'ingress-controller');
    expect(pair?.opened?.toText()).toBe('TCP 8080');
  });
});

/** The same in a cluster-wide tier: an AdminNetworkPolicy allowing every namespace over a Baseline deny. */
const tiered = (namespaces: string) =>
  webBehindIngress(`apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: allow-all-namespaces}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  ingress:
    - name: from-every-namespace
      action: Allow
      from: [{namespaces: ${namespaces}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
    - name: deny-all
      action: Deny
      from: [{namespaces: {}}]`);

describe('the same in AdminNetworkPolicy rules', () => {
  it('`namespaces` of `kubernetes.io/metadata.name Exists` admits the controller, as `{}` does', () => {
    expect(controller(tiered('{}'))).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(controller(tiered(EXISTS))).toEqual({ protocols: { TCP: [[8080, 8080]] } });
  });

  it('`namespaces` of some namespaces does not', () => {
    expect(controller(tiered(ONLY_SHOP))).toBeUndefined();
  });
});
