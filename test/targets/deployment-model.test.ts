/**
 * What the layout takes as deployed (real-eval 9, C1 and C3): files under test-fixture and vendored trees
 * are no deployments (src/targets/fixture-trees.ts), and only a shared workload or policy makes two plain
 * folders alternative bundles (src/targets/alternative-bundles.ts), which the headline says.
 */
import { diffSides, type DiffSides } from '../helpers/folder-diff.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { appDeployment as deployment } from '../helpers/deployment-yaml.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const configMap = (name: string, namespace: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}\ndata: {level: info}\n`;
const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: probes.example.com}
spec:
  group: example.com
  names: {kind: Probe, plural: probes}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;
const denyAll = (namespace: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: ${namespace}}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
const allowDns = (namespace: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns, namespace: ${namespace}}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{port: 53, protocol: UDP}]
`;
const webPolicy = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - ports: [{port: 8080}]
`;

interface Json {
  summary: { opened: number; closed: number };
  pairs: { target: string; src: { id?: string; abstract?: unknown }; dst: { id?: string } }[];
  targets?: { name: string }[];
  notices: { code: string; message: string; file?: string }[];
}

const diffJson = async (root: DiffSides, ...flags: string[]) => {
  const out = await root.run('--format', 'json', ...flags);
  return JSON.parse(out.stdout) as Json;
};

describe('plain folders that share only a copy are one deployment', () => {
  // app/ holds the workload and a CRD; crds/ the same CRD (kept for code generation); ops/ the namespace's
  // policies. Head moves the default-deny from ops/ to app/: both are applied to mon, nothing changes.
  const tree = (withDenyIn: 'ops' | 'app') => ({
    'app/ns.yaml': namespace('mon'),
    'app/scraper.yaml': `${deployment('scraper', 'mon')}---\n${configMap('settings', 'mon')}---\n${crd}`,
    'crds/probes.yaml': crd,
    'ops/dns.yaml': allowDns('mon'),
    [`${withDenyIn}/deny.yaml`]: denyAll('mon'),
  });

  it('a policy moved between two folders applied to one namespace is no change: a shared CRD makes no alternative', async () => {
    const json = await diffJson(diffSides({ base: tree('ops'), head: tree('app') }));
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.notices.filter((n) => n.code === 'ALTERNATIVE_BUNDLES')).toEqual([]);
    expect((json.targets ?? []).length).toBeLessThanOrEqual(1);
  });

  it('a shared ConfigMap, Secret, ServiceAccount or RBAC object keeps folders one target; a shared Deployment or NetworkPolicy splits them', () => {
    const names = (files: Record<string, string>) => discoverTargets(repo(files)).targets.map((t) => t.name);
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: runner, namespace: mon}\n';
    const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n';
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: token, namespace: mon}\n';
    for (const copy of [configMap('settings', 'mon'), sa, role, secret, crd]) {
      expect(names({ 'a/x.yaml': `${deployment('a', 'mon')}---\n${copy}`, 'b/x.yaml': `${deployment('b', 'mon')}---\n${copy}` })).toEqual(['plain manifests']);
    }
    expect(names({ 'a/x.yaml': deployment('api', 'mon'), 'b/x.yaml': deployment('api', 'mon') })).toEqual(['a/x.yaml', 'b/x.yaml']);
    expect(names({ 'a/x.yaml': `${deployment('a', 'mon')}---\n${denyAll('mon')}`, 'b/x.yaml': `${deployment('b', 'mon')}---\n${denyAll('mon')}` })).toEqual(['a/x.yaml', 'b/x.yaml']);
  });

  it('the headline says which targets were analysed apart as alternative bundles, and why', async () => {
    const policy = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress: [{ports: [{port: ${port}}]}]
`;
    const root = diffSides({
      base: { 'install.yaml': deployment('api', 'shop'), 'ha/install.yaml': `${deployment('api', 'shop')}---\n${policy(8080)}` },
      head: { 'install.yaml': deployment('api', 'shop'), 'ha/install.yaml': `${deployment('api', 'shop')}---\n${policy(9090)}` },
    });
    const out = await root.run();
    const first = out.stdout.split('\n')[0];
    expect(first).toMatch(/^ha\/install\.yaml: \d+ paths? opened, \d+ paths? closed.*; install\.yaml: no change\. /);
    expect(first).toMatch(/ Analysed apart as alternative bundles: ha\/install\.yaml and install\.yaml \(both define Deployment shop\/api\)\.$/);
    const md = await root.run('--format', 'md');
    expect(md.stdout.split('\n')[0]).toMatch(/Analysed apart as alternative bundles: ha\/install\.yaml and install\.yaml/);
  });
});

describe('test fixtures and vendored manifests are no deployments in the layout', () => {
  // app/: shop/web; vendor/…/testing-manifests: a StatefulSet of a dependency's tests; head adds a policy for
  // web and a deny-all fixture under testdata/.
  const root = () =>
    diffSides({
      base: { 'app/web.yaml': deployment('web', 'shop'), 'vendor/example.com/lib/testing-manifests/db.yaml': deployment('testdb', 'default').replace('Deployment', 'StatefulSet') },
      head: {
        'app/web.yaml': deployment('web', 'shop'),
        'app/policy.yaml': webPolicy,
        'vendor/example.com/lib/testing-manifests/db.yaml': deployment('testdb', 'default').replace('Deployment', 'StatefulSet'),
        'testdata/bundle/manifests/np.yaml': denyAll('default'),
      },
    });

  it('only the deployed folder is analysed: no path to or from the vendored workload, the fixture policy closes nothing; one notice names the trees', async () => {
    const json = await diffJson(root());
    const ends = json.pairs.flatMap((p) => [p.src.id, p.dst.id]).filter((id): id is string => !!id);
    expect(ends.filter((id) => id.includes('testdb'))).toEqual([]);
    expect(json.pairs.every((p) => p.dst.id === 'shop/web[Deployment]')).toBe(true);
    expect(json.summary.opened).toBe(0);
    const fixtures = json.notices.filter((n) => n.code === 'FIXTURE_TREES');
    expect(fixtures).toHaveLength(1);
    expect(fixtures[0].message).toMatch(/^Not taken as deployments: 2 manifest files under test-fixture and vendored trees \(testdata\/, vendor\/\)/);
    // Said once, by that notice: not also as a changed policy no target deploys.
    expect(json.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
  });

  it('a --path glob naming the tree brings it back', async () => {
    const without = await diffJson(root(), '--path', 'app/**');
    const json = await diffJson(root(), '--path', 'app/**', '--path', 'testdata/**');
    // The fixture's deny-all is read again: it closes paths into default beside web's.
    expect(json.summary.closed).toBeGreaterThan(without.summary.closed);
    expect(json.pairs.some((p) => p.dst.id !== 'shop/web[Deployment]')).toBe(true);
    expect(json.notices.filter((n) => n.code === 'FIXTURE_TREES')).toEqual([]);
  });

  it('configured targets are never affected: a root under vendor/ is analysed', () => {
    const sel = discoverTargets(repo({ 'vendor/lib/d.yaml': deployment('lib', 'x'), 'app/d.yaml': deployment('app', 'x') }), {
      configTargets: [{ name: 'lib', origin: 'config', roots: ['vendor/lib'], helm: [], why: 'configured' }],
    });
    expect(sel.targets.map((t) => [t.name, t.roots])).toEqual([['lib', ['vendor/lib']]]);
    expect(sel.notices.filter((n) => n.code === 'FIXTURE_TREES')).toEqual([]);
  });

  it('a kustomization only a test suite includes is a target; an environment folder named test is one too', () => {
    const k = (resources: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${resources}]\n`;
    const sel = discoverTargets(repo({
      'config/default/kustomization.yaml': k('d.yaml'),
      'config/default/d.yaml': deployment('ctrl', 'sys'),
      'test/e2e/kustomization.yaml': k('../../config/default, extra.yaml'),
      'test/e2e/extra.yaml': deployment('probe', 'sys'),
      'overlays/test/kustomization.yaml': k('d.yaml'),
      'overlays/test/d.yaml': deployment('web', 'shop'),
      'pkg/api/testdata/np.yaml': denyAll('sys'),
    }));
    expect(sel.targets.map((t) => t.name).sort()).toEqual(['config/default', 'overlays/test']);
    expect([...(sel.leftOut ?? [])].sort()).toEqual(['pkg/api/testdata/np.yaml', 'test/e2e/extra.yaml']);
    expect(sel.notices.map((n) => n.code)).toEqual(['FIXTURE_TREES']);
  });
});
