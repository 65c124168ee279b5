/**
 * A scalar written where a map or list belongs (`policyTypes: Ingress`, `labels: app=web`) has no position
 * of its own in the fast parse: the error names the line of its key, not the enclosing map's first line or
 * the document's (a newcomer's `policyTypes: Ingress` used to be reported at `spec:`, eight lines above).
 */
import { analyzeYaml } from '../helpers/analyze.js';

/** The diagnostics of `yaml` as `[code, line]`, errors only (each case's own error, then "not applied"). */
function errorLines(yaml: string): [string, number][] {
  return analyzeYaml(yaml)
    .loaded.diagnostics.filter((d) => d.severity === 'error' && !/would be rejected by the API server/.test(d.message))
    .map((d) => [d.code, d.ref.line]);
}

const policy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: p
  namespace: a
spec:
${spec}`;

describe('a NetworkPolicy field written as a scalar is reported at its key', () => {
  it.each([
    ['policyTypes', `  podSelector: {}\n  ingress: []\n  policyTypes: Ingress\n`, 'INVALID_POLICY_TYPE', 9],
    ['spec.podSelector', `  ingress: []\n  podSelector: web\n`, 'BAD_SELECTOR', 8],
    ['podSelector.matchLabels', `  podSelector:\n    matchLabels: web\n`, 'BAD_SELECTOR', 8],
    ['podSelector.matchExpressions', `  podSelector:\n    matchExpressions: app\n`, 'BAD_SELECTOR', 8],
    ['ingress', `  podSelector: {}\n  ingress: all\n`, 'INVALID_FIELD', 8],
    ['a rule\'s from', `  podSelector: {}\n  ingress:\n    - ports: [{port: 80}]\n      from: everyone\n`, 'INVALID_PEER', 10],
    ['a rule\'s ports', `  podSelector: {}\n  ingress:\n    - from: [{podSelector: {}}]\n      ports: 80\n`, 'INVALID_FIELD', 10],
    ['a peer\'s namespaceSelector', `  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n          namespaceSelector: prod\n`, 'BAD_SELECTOR', 11],
    ['an ipBlock cidr', `  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            except: [10.1.0.0/16]\n            cidr: 10.0.0.0/33\n`, 'INVALID_CIDR', 12],
    ['an ipBlock except entry', `  podSelector: {}\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except:\n              - 10.1.0.0/16\n              - 11.0.0.0/16\n`, 'EXCEPT_OUTSIDE_CIDR', 14],
  ])('%s', (_name, spec, code, line) => {
    expect(errorLines(policy(spec))).toEqual([[code, line]]);
  });
});

describe('labels, selectors and ports of other kinds written as scalars are reported at their key', () => {
  it('a Deployment\'s pod template labels, its own labels (named with the namespace) and a container\'s ports', () => {
    const a = analyzeYaml(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: a
  labels: app=web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: app=web
    spec:
      containers:
        - name: c
          image: x
          ports: 8080
`);
    expect(a.loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.ref.line, d.message])).toEqual([
      [6, 'Deployment a/web: metadata.labels must be a map of label keys to values'],
      [11, 'Deployment a/web: pod labels must be a map of label keys to values'],
      [16, 'Deployment a/web: containers[0]: ports must be a list'],
    ]);
  });

  it('a Namespace\'s labels, a Service\'s selector and ports', () => {
    expect(
      errorLines(`apiVersion: v1
kind: Namespace
metadata:
  name: a
  labels: team=a
---
apiVersion: v1
kind: Service
metadata:
  name: s
  namespace: a
spec:
  ports: 80
  selector: app=web
`),
    ).toEqual([
      ['INVALID_LABEL', 5],
      ['INVALID_FIELD', 13],
      ['INVALID_LABEL', 14],
    ]);
  });

  it('an AdminNetworkPolicy\'s priority, subject, rules, peers and addresses', () => {
    const anp = (spec: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: x
spec:
${spec}`;
    expect(errorLines(anp(`  subject: {namespaces: {}}\n  priority: high\n`))).toEqual([['INVALID_PRIORITY', 7]]);
    expect(errorLines(anp(`  priority: 10\n  subject: {namespaces: {}}\n  ingress: deny\n`))).toEqual([['INVALID_FIELD', 8]]);
    expect(errorLines(anp(`  priority: 10\n  subject:\n    namespaces: prod\n`))).toEqual([['BAD_SELECTOR', 8]]);
    expect(errorLines(anp(`  priority: 10\n  subject: {namespaces: {}}\n  egress:\n    - name: r\n      action: Allow\n      to: everyone\n`))).toEqual([['INVALID_PEER', 11]]);
    expect(errorLines(anp(`  priority: 10\n  subject: {namespaces: {}}\n  egress:\n    - name: r\n      action: Allow\n      to:\n        - networks:\n            - 10.0.0.0/8\n            - 10.0.0.0/33\n`))).toEqual([['INVALID_CIDR', 14]]);
  });
});
