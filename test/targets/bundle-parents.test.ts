/**
 * A bundle sub-folder is analysed with the plain manifests of the folders above it (src/targets/bundle-parents.ts):
 * real-eval 12, C / repro 06, network-policy-api's policy-assistant walkthrough, whose `policies/` folder
 * defines AdminNetworkPolicy `anp1` and BaselineAdminNetworkPolicy `default` as two other folders do. Its
 * workloads stayed in "plain manifests", open to everything, while its policies closed paths only for
 * pods the manifests do not hold.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
/** Targets by name, each with its files (sorted) and the folders above it whose plain files it is analysed with. */
const targetsOf = (files: Record<string, string>) =>
  discoverTargets(repo(files))
    .targets.map((t) => [t.name, [...t.roots].sort(), t.alternativeTo?.withFolders])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
const noticeOf = (files: Record<string, string>) => discoverTargets(repo(files)).notices.find((n) => n.code === 'ALTERNATIVE_BUNDLES')?.message ?? '';

const anp1 = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: anp1}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress:\n  - name: allow-80\n    action: Allow\n    from: [{namespaces: {}}]\n    ports: [{portNumber: {protocol: TCP, port: 80}}]\n';
const banp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - name: baseline-deny\n    action: Deny\n    from: [{namespaces: {}}]\n';
const denyToA = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-anything-to-a, namespace: demo}\nspec:\n  podSelector: {matchLabels: {pod: a}}\n  policyTypes: [Ingress]\n  ingress: []\n';
const deployment = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {pod: ${name}}}\nspec:\n  selector: {matchLabels: {pod: ${name}}}\n  template:\n    metadata: {labels: {pod: ${name}}}\n    spec: {containers: [{name: c, image: agnhost, ports: [{containerPort: 80}, {containerPort: 81}]}]}\n`;
const policy = (name: string, namespace: string, app: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  podSelector: {matchLabels: {pod: ${app}}}\n  policyTypes: [Ingress]\n`;

/** Repro 06: three folders define `anp1` or `default`; the walkthrough's workload is in the folder above its policies. */
const base = { 'demos/kubecon/policies/anp1.yaml': anp1, 'demos/kubecon/policies/banp.yaml': banp, 'tools/example-policies/banp/banp.yaml': banp };
const head = {
  ...base,
  'demos/walkthrough/deployment-a.yaml': deployment('a', 'demo'),
  'demos/walkthrough/policies/anp1.yaml': anp1,
  'demos/walkthrough/policies/banp.yaml': banp,
  'demos/walkthrough/policies/np.yaml': denyToA,
};

describe('a bundle sub-folder with the plain manifests of the folders above it (real-eval 12, C / repro 06)', () => {
  it('the walkthrough policies are one target with the walkthrough workload; no plain-manifest target holds it alone', () => {
    expect(targetsOf(head)).toEqual([
      ['demos/kubecon/policies', ['demos/kubecon/policies/anp1.yaml', 'demos/kubecon/policies/banp.yaml'], undefined],
      // The bundle is the walkthrough's folder, the highest holding no other alternative (lifted-bundles.ts): its workload with its policies.
      ['demos/walkthrough', ['demos/walkthrough/deployment-a.yaml', 'demos/walkthrough/policies/anp1.yaml', 'demos/walkthrough/policies/banp.yaml', 'demos/walkthrough/policies/np.yaml'], undefined],
      ['tools/example-policies/banp/banp.yaml', ['tools/example-policies/banp/banp.yaml'], undefined],
    ]);
    expect(noticeOf(head)).toContain('demos/kubecon/policies and demos/walkthrough both define AdminNetworkPolicy anp1;');
  });

  it('diff: the verdict is the walkthrough as applied (ingress to demo/a on TCP 80 only), not an unprotected workload', async () => {
    const dir = sideTreesSync({ base, head }, 'reachdiff-bundle-parents-');
    const { stdout } = await main(['diff', join(dir, 'base'), join(dir, 'head')]);
    // Two new findings: anp1's Admin-tier Allow from every namespace is a PERMISSIVE_RULE too (new-user trial 35).
    expect(stdout.split('\n')[0]).toMatch(/^demos\/walkthrough \(new in this change\): 2 paths opened, 10 paths closed; 2 new findings; /);
    expect(stdout).toContain('AdminNetworkPolicy anp1 ingress rule 1 "allow-80" admits every pod of every namespace');
    expect(stdout).not.toContain('plain manifests (new in this change)');
    expect(stdout).toContain('demo/a[Deployment] => demo/a[Deployment] : TCP 80');
    expect(stdout).not.toContain('for ingress: every pod and every address may connect to it');
    const json = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json']);
    const targets = (JSON.parse(json.stdout) as { targets: { name: string; members: { withFolders?: string[] }[] }[] }).targets;
    expect(targets.map((t) => [t.name, t.members[0].withFolders])).toEqual([
      ['demos/kubecon/policies', undefined],
      ['demos/walkthrough', undefined],
      ['tools/example-policies/banp/banp.yaml', undefined],
    ]);
  });

  it('at any depth: every folder above the bundle that holds objects of its namespaces, nearest first', () => {
    // strict/ and loose/ are alternatives under netpol/, so neither grows past it (lifted-bundles.ts): the folders above give their files.
    const files = {
      'apps/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      'apps/shop/web.yaml': deployment('web', 'shop'),
      'apps/shop/netpol/strict/np.yaml': policy('web', 'shop', 'web'),
      'apps/shop/netpol/loose/np.yaml': policy('web', 'shop', 'other'),
    };
    expect(targetsOf(files)).toEqual([
      // A bundle of one file is named by it.
      ['apps/shop/netpol/loose/np.yaml', ['apps/namespace.yaml', 'apps/shop/netpol/loose/np.yaml', 'apps/shop/web.yaml'], ['apps/shop', 'apps']],
      ['apps/shop/netpol/strict/np.yaml', ['apps/namespace.yaml', 'apps/shop/netpol/strict/np.yaml', 'apps/shop/web.yaml'], ['apps/shop', 'apps']],
    ]);
  });

  it('two sibling bundles under one folder each get its workloads, and the notice says so', () => {
    const files = { 'app/web.yaml': deployment('web', 'shop'), 'app/v1/np.yaml': policy('web', 'shop', 'web'), 'app/v2/np.yaml': policy('web', 'shop', 'other') };
    expect(targetsOf(files)).toEqual([
      ['app/v1/np.yaml', ['app/v1/np.yaml', 'app/web.yaml'], ['app']],
      ['app/v2/np.yaml', ['app/v2/np.yaml', 'app/web.yaml'], ['app']],
    ]);
    expect(noticeOf(files)).toContain('; app/v1/np.yaml and app/v2/np.yaml each analysed with the plain manifests of app, the folder above them (whichever is applied protects its workloads);');
  });

  it('files of one folder that redefine each other take the folders above that folder (a conformance suite layout; a top-level conformance/ is a test suite, left out: fixture-trees.ts)', () => {
    const files = {
      'hack/conformance/base/manifests.yaml': `${deployment('harry', 'gryffindor')}---\n${deployment('draco', 'slytherin')}`,
      'hack/conformance/base/banp/deny.yaml': banp,
      'hack/conformance/base/banp/deny-egress.yaml': banp.replace('ingress:', 'egress:').replace('from:', 'to:'),
    };
    expect(targetsOf(files)).toEqual([
      ['hack/conformance/base/banp/deny-egress.yaml', ['hack/conformance/base/banp/deny-egress.yaml', 'hack/conformance/base/manifests.yaml'], ['hack/conformance/base']],
      ['hack/conformance/base/banp/deny.yaml', ['hack/conformance/base/banp/deny.yaml', 'hack/conformance/base/manifests.yaml'], ['hack/conformance/base']],
    ]);
  });

  it('a folder with other plain manifests under it stays in the plain-manifest target too', () => {
    const files = { 'app/web.yaml': deployment('web', 'shop'), 'app/api/api.yaml': deployment('api', 'shop'), 'app/v1/np.yaml': policy('web', 'shop', 'web'), 'app/v2/np.yaml': policy('web', 'shop', 'other') };
    expect(targetsOf(files)).toEqual([
      ['app/v1/np.yaml', ['app/v1/np.yaml', 'app/web.yaml'], ['app']],
      ['app/v2/np.yaml', ['app/v2/np.yaml', 'app/web.yaml'], ['app']],
      ['plain manifests', ['app/api/api.yaml', 'app/web.yaml'], undefined],
    ]);
    expect(noticeOf(files)).toContain('; the plain-manifest target keeps those of app too, with the other plain manifests under it;');
  });

  it('folders above of other namespaces, and folders holding bundles of their own, are not taken; one of the namespace is', () => {
    // tools/ holds a workload of another namespace; install/ holds two file bundles of its own (whole installs,
    // not variants of one object) beside its README objects; shop/ holds the workload its sub-folders' policies select.
    const files = {
      'shop/web.yaml': deployment('web', 'shop'),
      'shop/v1/np.yaml': policy('strict', 'shop', 'web'),
      'shop/v2/np.yaml': policy('strict', 'shop', 'other'),
      'tools/cli.yaml': deployment('cli', 'tools'),
      'tools/v1/np.yaml': policy('web', 'shop', 'web'),
      'tools/v2/np.yaml': policy('web', 'shop', 'other'),
      'install/readme-objects.yaml': deployment('docs', 'shop'),
      'install/a.yaml': `${deployment('api', 'shop')}---\n${deployment('worker-a', 'shop')}`,
      'install/b.yaml': `${deployment('api', 'shop')}---\n${deployment('worker-b', 'shop')}`,
      'install/ha/api.yaml': deployment('api', 'shop'),
    };
    expect(targetsOf(files)).toEqual([
      ['install/a.yaml', ['install/a.yaml'], undefined],
      ['install/b.yaml', ['install/b.yaml'], undefined],
      ['install/ha/api.yaml', ['install/ha/api.yaml'], undefined],
      ['plain manifests', ['install/readme-objects.yaml', 'tools/cli.yaml'], undefined],
      ['shop/v1/np.yaml', ['shop/v1/np.yaml', 'shop/web.yaml'], ['shop']],
      ['shop/v2/np.yaml', ['shop/v2/np.yaml', 'shop/web.yaml'], ['shop']],
      ['tools/v1/np.yaml', ['tools/v1/np.yaml'], undefined],
      ['tools/v2/np.yaml', ['tools/v2/np.yaml'], undefined],
    ]);
  });
});
