/**
 * Plain manifest files that redefine each other's objects are alternative bundles (src/targets/alternative-bundles.ts):
 * an install bundle and its HA variant are never applied together, so no path is reported between a
 * workload only one has and a workload only the other has.
 */
import { diffSides } from '../helpers/folder-diff.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

const deployment = (name: string, namespace?: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: example/${name}}]}
`;

/** Admits `api` to the gateway on 8080; `extra` adds rules. */
const gatewayPolicy = (extra: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: gateway}
spec:
  podSelector: {matchLabels: {app: gateway}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: api}}}]
    ports: [{port: 8080}]
${extra}`;

describe('alternative bundles of plain manifests', () => {
  it('a single-instance bundle and its scaled variant are separate targets: no path from the one bundle to the other', async () => {
    // bundle.yaml: api + worker; scaled/bundle.yaml: api + gateway (a policy admitting api). Same api Deployment in both.
    const single = `${deployment('api')}---\n${deployment('worker')}`;
    const scaled = (extra: string) => `${deployment('api')}---\n${deployment('gateway')}---\n${gatewayPolicy(extra)}`;
    const root = diffSides({
      base: { 'bundle.yaml': single, 'scaled/bundle.yaml': scaled('') },
      head: { 'bundle.yaml': single, 'scaled/bundle.yaml': scaled('  - from: [{namespaceSelector: {}}]\n    ports: [{port: 9000}]\n') },
    });
    const out = await root.run('--format', 'json');
    const json = JSON.parse(out.stdout) as {
      pairs: { target: string; src: { id?: string }; dst: { id?: string } }[];
      targets: { name: string }[];
      targetSelection: { how: string };
      notices: { code: string; message: string; file?: string }[];
      warnings: { code: string }[];
    };
    expect(json.targets.map((t) => t.name).sort()).toEqual(['bundle.yaml', 'scaled/bundle.yaml']);
    const pairs = json.pairs.map((p) => `${p.src.id} => ${p.dst.id}`);
    // The worker exists only in the single-instance bundle: it never meets the gateway.
    expect(pairs.filter((p) => p.startsWith('default/worker'))).toEqual([]);
    expect(pairs).toContain('default/api[Deployment] => default/gateway[Deployment]');
    expect(json.pairs.every((p) => p.target === 'scaled/bundle.yaml')).toBe(true);
    expect(json.targetSelection.how).toMatch(/^Targets: 2 alternative bundles of plain manifests that define the same objects \(/);
    const notice = json.notices.find((n) => n.code === 'ALTERNATIVE_BUNDLES');
    expect(notice?.message).toMatch(/both define Deployment api: taken as alternative bundles of plain manifests/);
    // Not a duplicate within one cluster any more.
    expect(json.warnings.filter((w) => w.code === 'DUPLICATE_OBJECT')).toEqual([]);
  });

  it('files of one folder that redefine each other are each a bundle; the other files stay one plain target', () => {
    const sel = discoverTargets(repo({
      'apps/shop.yaml': deployment('shop'),
      'install/README-objects.yaml': deployment('docs'),
      'install/cluster-wide.yaml': `${deployment('api')}---\n${deployment('admin')}`,
      'install/namespaced.yaml': deployment('api'),
    }));
    expect(sel.targets.map((t) => [t.name, t.roots])).toEqual([
      ['plain manifests', ['apps/shop.yaml', 'install/README-objects.yaml']],
      ['install/cluster-wide.yaml', ['install/cluster-wide.yaml']],
      ['install/namespaced.yaml', ['install/namespaced.yaml']],
    ]);
    expect(sel.notices.map((n) => [n.code, n.ref?.file])).toEqual([['ALTERNATIVE_BUNDLES', 'install/namespaced.yaml']]);
  });

  it('pairs beyond the three named are counted, "and 2 more pairs"; a fourth alone is named, never "and 1 more pair"', () => {
    // n pairs of folders, each pair defining one Deployment twice.
    const pairs = (n: number) => Object.fromEntries([...Array(n).keys()].flatMap((i) => [[`a${i}/d.yaml`, deployment(`tool${i}`)], [`b${i}/d.yaml`, deployment(`tool${i}`)]]));
    const message = (files: Record<string, string>) => discoverTargets(repo(files)).notices.find((n) => n.code === 'ALTERNATIVE_BUNDLES')?.message ?? '';
    expect(message(pairs(3))).toMatch(/both define Deployment tool2: taken as alternative bundles/);
    expect(message(pairs(4))).toMatch(/both define Deployment tool3: taken as alternative bundles/);
    expect(message(pairs(5))).toMatch(/both define Deployment tool2, and 2 more pairs: taken as alternative bundles/);
  });

  it('a Namespace repeated per app folder, the same name in other namespaces, or in other namespaces by path: one target as before', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
    const plainOnly = (files: Record<string, string>, namespaceFromPath?: string) => discoverTargets(repo(files), { namespaceFromPath }).targets.map((t) => t.name);
    expect(plainOnly({ 'a/ns.yaml': ns, 'a/d.yaml': deployment('a', 'shop'), 'b/ns.yaml': ns, 'b/d.yaml': deployment('b', 'shop') })).toEqual(['plain manifests']);
    expect(plainOnly({ 'a/d.yaml': deployment('web', 'one'), 'b/d.yaml': deployment('web', 'two') })).toEqual(['plain manifests']);
    expect(plainOnly({ 'namespaces/one/d.yaml': deployment('web'), 'namespaces/two/d.yaml': deployment('web') }, 'namespaces/{namespace}/**')).toEqual(['plain manifests']);
  });

  it('beside top-level kustomizations, the plain files outside them are split the same way', () => {
    const sel = discoverTargets(repo({
      'app/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [d.yaml]\n',
      'app/d.yaml': deployment('app'),
      'extras/v1/d.yaml': deployment('tool'),
      'extras/v2/d.yaml': deployment('tool'),
    }));
    expect(sel.targets.map((t) => t.name)).toEqual(['app', 'extras/v1/d.yaml', 'extras/v2/d.yaml']);
    expect(sel.how).toBe('Targets: 1 top-level kustomization and 2 alternative bundles of plain manifests that define the same objects (extras/v1/d.yaml, extras/v2/d.yaml) (no targets configured, no Argo CD or Flux objects).');
  });
});

describe('variants of one object beside the rest of their namespace (real-eval 11, C: console-operator d53ea3d4f)', () => {
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: console-op}\n';
  const operator = (profile: string) => deployment('operator', 'console-op').replace('  namespace: console-op\n', `  namespace: console-op\n  annotations: {include.release.openshift.io/${profile}: "true"}\n`);
  const denyAll = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: console-op}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
  const files = { 'manifests/01-namespace.yaml': namespace, 'manifests/07-operator.yaml': operator('self-managed'), 'manifests/07-operator-ibm.yaml': operator('ibm-cloud-managed') };

  it('each variant is a target with the other plain manifests; no plain-manifest target apart from them', () => {
    const sel = discoverTargets(repo({ ...files, 'manifests/03-networkpolicy.yaml': denyAll }));
    expect(sel.targets.map((t) => [t.name, [...t.roots].sort()]).sort()).toEqual([
      ['manifests/07-operator-ibm.yaml', ['manifests/01-namespace.yaml', 'manifests/03-networkpolicy.yaml', 'manifests/07-operator-ibm.yaml']],
      ['manifests/07-operator.yaml', ['manifests/01-namespace.yaml', 'manifests/03-networkpolicy.yaml', 'manifests/07-operator.yaml']],
    ]);
    expect(sel.notices.map((n) => n.message)).toEqual([expect.stringContaining('taken as variants of one object of which one is applied, each analysed with the other plain manifests')]);
  });

  it('a policy added beside them isolates the operator in each variant, not pods the manifests do not hold', async () => {
    const dir = diffSides({ base: files, head: { ...files, 'manifests/03-networkpolicy.yaml': denyAll } });
    const { stdout, exitCode } = await dir.run();
    expect(stdout.split('\n')[0]).toBe(
      'manifests/07-operator-ibm.yaml, manifests/07-operator.yaml (the same changes): 3 paths closed. Analysed as variants, each with the other plain manifests: manifests/07-operator-ibm.yaml and manifests/07-operator.yaml (both define Deployment console-op/operator).',
    );
    expect(stdout).toContain('0.0.0.0/0, ::/0 => console-op/operator[Deployment] : All Connections');
    expect(exitCode).toBe(0);
  });

  it('whole installs side by side with nothing of their namespace beside them stay bundles of their own', () => {
    const install = `${namespace}---\n${deployment('operator', 'console-op')}`;
    const sel = discoverTargets(repo({ 'deploy/install.yaml': install, 'deploy/install-ha.yaml': install, 'examples/pod.yaml': deployment('demo', 'default') }));
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['deploy/install-ha.yaml', 'deploy/install.yaml', 'plain manifests']);
  });
});
