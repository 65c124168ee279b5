/**
 * One rule's addresses read as that rule wrote them, not as the pieces other policies' CIDRs cut them into:
 * an egress to 10.0.0.0/9, beside another policy naming 10.0.0.12/32, read "Opens egress … to 10.0.0.0/9
 * (except 10.0.0.12/32) and 10.0.0.12/32" and, with a third address, "to 3 address ranges"; its line for
 * pods the manifests do not hold "may now send to 10.0.0.0/9 (except 10.0.0.12/32, 10.0.3.4/32),
 * 10.0.0.12/32, 10.0.3.4/32" (real-eval 25: JamesAtIntegratnIO/gitops_homelab_2_0 adcfb22, d1959d9).
 * The pairs stay one per piece (each piece is a peer of the contract); only the sentences join them.
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-merged-addresses-');
const web = appDeployment('web', 'demo');
/** An egress policy of pods labelled app=`app` to `cidrs` on `port`. */
const egress = (name: string, app: string, cidrs: string[], port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: demo}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Egress]
  egress:
  - to: [${cidrs.map((c) => `{ipBlock: {cidr: ${c}}}`).join(', ')}]
    ports: [{port: ${port}}]
`;

test('a workload\'s opened egress to one CIDR that other policies cut: the headline names the CIDR', async () => {
  const base = { 'web.yaml': web, 'dns.yaml': egress('dns', 'web', ['10.0.0.12/32', '10.0.3.4/32'], 53) };
  const head = { ...base, 'lan.yaml': egress('lan', 'web', ['10.0.0.0/9'], 443) };
  const out = await main(['diff', tree(base), tree(head)]);
  const headline = out.stdout.split('\n').find((l) => l.startsWith('Opens ')) ?? '';
  expect(headline).toContain('to 10.0.0.0/9 on TCP 443');
  expect(headline).not.toContain('address ranges');
  expect(headline).not.toContain('except');
});

test('a line for pods the manifests do not hold names the CIDR once', async () => {
  const base = { 'web.yaml': web, 'dns.yaml': egress('dns', 'ui', ['10.0.0.12/32', '10.0.3.4/32'], 53) };
  const head = { ...base, 'lan.yaml': egress('lan', 'ui', ['10.0.0.0/9'], 443) };
  const out = await main(['diff', tree(base), tree(head)]);
  expect(out.stdout).toContain('demo/[pod with {app=ui}] may now send to 10.0.0.0/9 on TCP 443, lan.yaml:');
  expect(out.stdout).not.toMatch(/10\.0\.0\.12\/32, 10\.0\.3\.4\/32 on TCP 443/);
});
