/**
 * DNS_TCP_MISSING whose cause is the egress rules sits at the egress rule that lets UDP through, the rule its
 * fix asks to edit, not at the first policy isolating the workload's egress (new-user trial 41, finding 5: a
 * file of three policies put it on the default-deny at line 1).
 */
import { main } from '../../src/cli/main.js';
import { tempDir, writeFiles } from '../helpers/git.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n';
const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: homepage, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: homepage}\n    spec: {containers: [{name: c, image: x}]}\n';
const COREDNS =
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: coredns, namespace: kube-system}\nspec:\n  template:\n    metadata:\n      labels: {k8s-app: kube-dns}\n    spec: {containers: [{name: c, image: x, ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}]}]}\n';
// Line 1 the default-deny; the UDP-only rule toward DNS is the `- to:` of allow-dns, line 14.
const POLICIES = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: default-deny-egress, namespace: web}',
  'spec: {podSelector: {}, policyTypes: [Egress]}',
  '---',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata: {name: allow-dns, namespace: web}',
  'spec:',
  '  podSelector: {}',
  '  policyTypes: [Egress]',
  '  egress:',
  '    - to: [{ipBlock: {cidr: 192.0.2.0/24}}]',
  '    - to:',
  '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
  '          podSelector: {matchLabels: {k8s-app: kube-dns}}',
  '      ports: [{port: 53, protocol: UDP}]',
  '',
].join('\n');

describe('DNS_TCP_MISSING at the egress rule that allows UDP only', () => {
  it.each([
    ['DNS pods the manifests do not hold', ''],
    ['DNS pods the manifests hold', COREDNS],
  ])('%s', async (_name, dns) => {
    const dir = await tempDir('reachdiff-dns-line-');
    await writeFiles(dir, [{ path: 'app.yaml', text: NS + '---\n' + APP }, { path: 'pol.yaml', text: POLICIES }, ...(dns ? [{ path: 'dns.yaml', text: dns }] : [])]);
    const out = await main(['lint', dir]);
    const line = out.stdout.split('\n').find((l) => l.includes('[DNS_TCP_MISSING]'));
    expect(line).toMatch(/^pol\.yaml:14: warning: web\/homepage\[Deployment\] reaches cluster DNS/);
  });
});
