/**
 * The headline names a change's ends as the body's lines do (report/headline.ts endsText): a workload that a
 * pods end of the list holds is told as held by it today, and an end another end holds is folded into it
 * (covered-ends.ts). Real: HomeLab 9e5eac66 "Opens 3 peers in immich" for one `podSelector: {}` policy whose
 * body line is "immich/[all pods] (… today)"; 06330a28 "q/[all pods] and q/[pod with {tenant=minio}]" (a set and
 * its subset, headline and body); longhorn f3b1fd46 "Opens longhorn-manager and [pod with {app=longhorn-manager}]".
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const deploy = (namespace: string, name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: ${labels}}\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const np = (namespace: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
const denyAll = (namespace: string) => np(namespace, 'deny-all', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
const docs = (...texts: string[]) => texts.map((text, i) => ({ path: `${i}.yaml`, text }));
const headlineOf = (text: string) => text.split('\n')[2];

describe('headline names ends as the body does', () => {
  // repro 12: ml and server are regions of their own (another policy reads app=server); the new podSelector {} policy holds both.
  const im = [ns('im'), deploy('im', 'server', '{app: server}'), deploy('im', 'ml', '{app: ml}'), denyAll('im'), np('im', 'allow-server-http', '  podSelector: {matchLabels: {app: server}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 2283}]\n')];
  // The policy was there, for other sources (a policy added is told as its isolation starting: cause-text.ts).
  const monitoring = (prometheus: boolean) =>
    np('im', 'allow-monitoring', `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {name: probes}}\n${prometheus ? '    - namespaceSelector: {matchLabels: {name: monitoring}}\n      podSelector: {matchLabels: {app: prometheus}}\n' : ''}    ports: [{port: 8081}]\n`);

  it('a workload the region holds is told as held today, as in the body', () => {
    const text = diffText(analyzeDiff(docs(...im, monitoring(false)), docs(...im, monitoring(true))));
    expect(headlineOf(text)).toBe('Opens im/[all pods] (im/ml, im/server today) to [namespace with {name=monitoring}]/[pod with {app=prometheus}] on TCP 8081 (1 rule, 5.yaml:10).');
    expect(text).toContain('  im/[all pods] (im/ml[Deployment], im/server[Deployment] today) now admits [namespace with {name=monitoring}]');
  });

  it('so in Markdown', () => {
    const md = renderDiffMarkdown(analyzeDiff(docs(...im, monitoring(false)), docs(...im, monitoring(true))));
    expect(md).toContain('Opens im/[all pods] (im/ml, im/server today) to [namespace with {name=monitoring}]');
  });

  // repro 13: tenant=minio pods had TCP 9000 from some sources already; the podSelector {} policy now admits gateway pods on every port.
  const q = [ns('q'), deploy('q', 'app', '{app: quay}'), deploy('q', 'cron', '{app: cron}'), denyAll('q'), np('q', 'allow-minio', '  podSelector: {matchLabels: {tenant: minio}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: minio-operator}}\n    ports: [{port: 9000, protocol: TCP}]\n')];
  const ingress = (gateway: boolean) =>
    np('q', 'allow-from-ingress', `  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {policy-group: ingress}}\n${gateway ? '  - from:\n    - namespaceSelector: {matchLabels: {name: openshift-ingress}}\n      podSelector: {matchLabels: {gateway-name: https-gateway}}\n' : ''}`);

  it('a set beside its own subset is the set, in the headline and in the body', () => {
    const text = diffText(analyzeDiff(docs(...q, ingress(false)), docs(...q, ingress(true))));
    expect(headlineOf(text)).toMatch(/^Opens q\/\[all pods\] \(q\/app, q\/cron today\) to \[namespace with \{name=openshift-ingress\}\]\/\[pod with \{gateway-name=https-gateway\}\] on any port/);
    const body = text.split('\n').filter((l) => l.includes('now admit'));
    expect(body).toEqual([expect.stringMatching(/^ {2}q\/\[all pods\] \(q\/app\[Deployment\], q\/cron\[Deployment\] today\) now admits \[namespace with \{name=openshift-ingress\}\]/)]);
  });

  // repro 09 variant: another policy reads `component`, so vault's region is narrower than app=vault.
  const vault = [ns('vault'), deploy('vault', 'vault', '{app: vault, component: server}'), denyAll('vault'), np('vault', 'allow-metrics', '  podSelector: {matchLabels: {component: server}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 9102}]\n')];
  const egress = (cidrs: string[]) => np('vault', 'allow-internet-egress', `  podSelector: {matchLabels: {app: vault}}\n  policyTypes: [Egress]\n  egress:\n  - to:\n${cidrs.map((c) => `    - ipBlock: {cidr: ${c}}\n`).join('')}`);

  it('a workload beside the subject that holds it is named after it, not as a second subject', () => {
    const text = diffText(analyzeDiff(docs(...vault, egress(['172.217.0.0/16'])), docs(...vault, egress(['172.217.0.0/16', '74.125.0.0/16']))));
    expect(headlineOf(text)).toBe('Opens egress from vault/[pod with {app=vault}] (vault/vault today) to 74.125.0.0/16 on any port (1 rule, 4.yaml:10).');
  });
});
