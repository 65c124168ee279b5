/**
 * Peers of no one namespace are counted by what they are: pods of namespaces chosen by labels, or a mix
 * (with addresses). "5 peers in no one namespace" read as if such peers existed nowhere (sixth real-commit
 * evaluation, class C wording).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cart, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: cart}}\n    spec: {containers: [{name: c, image: x}]}\n';
const egress = (to: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: cart}}\n  policyTypes: [Egress]\n  egress:\n  - to: ${to}\n    ports: [{protocol: TCP, port: 443}]\n`;
const headline = (to: string) => {
  const base = [{ path: 'ns.yaml', text: ns }, { path: 'app.yaml', text: app }, { path: 'np.yaml', text: egress('[{ipBlock: {cidr: 10.9.9.9/32}}]') }];
  const head = [base[0], base[1], { path: 'np.yaml', text: egress(to) }];
  return diffText(analyzeDiff(base, head)).split('\n').find((l) => l.startsWith('Opens'))!;
};

it('pods of namespaces chosen by labels', () => {
  const to = '[{namespaceSelector: {matchLabels: {team: a}}}, {namespaceSelector: {matchLabels: {team: b}}}, {namespaceSelector: {matchLabels: {team: c}}}, {ipBlock: {cidr: 10.9.9.9/32}}]';
  expect(headline(to)).toMatch(/^Opens egress from shop\/cart to 3 peers in namespaces chosen by labels on TCP 443/);
});

it('a mix', () => {
  const to = '[{namespaceSelector: {matchLabels: {team: a}}}, {namespaceSelector: {matchLabels: {team: b}}}, {ipBlock: {cidr: 10.1.0.0/16}}, {ipBlock: {cidr: 10.9.9.9/32}}]';
  expect(headline(to)).toMatch(/to 3 peers across namespaces on TCP 443/);
});

it('a count comes after the peers named, so the list never reads as the count (new-user trial 48, finding 4)', () => {
  const name = (n: string) => `{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${n}}}}`;
  const to = `[${name('a')}, ${name('b')}, ${name('c')}, {ipBlock: {cidr: 10.1.0.0/16}}]`;
  const line = headline(to);
  expect(line).toMatch(/to 10\.1\.0\.0\/16 and 3 peers in 3 namespaces on TCP 443/);
  expect(line).not.toMatch(/\d+ peers in \d+ namespaces, /);
});
