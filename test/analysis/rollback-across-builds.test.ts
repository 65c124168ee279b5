/**
 * The rollback of a side deployed by several builds evaluates a revert the way the side itself was built:
 * what the builds settle as one cluster (manifests/across-builds.ts: a Kyverno rule generating a
 * NetworkPolicy per object of another build, a Rollout's workloadRef to another build's Deployment, a
 * Cilium policy naming another build's CiliumCIDRGroup) is settled again with the reverted documents'
 * base versions. Before, the reloaded build was settled alone and the other builds only with what head
 * had: a reverted rule made no policy for the other build's objects, so reverting a rule the change
 * edited or removed left paths open ("Even reverting every changed document leaves N opened paths").
 *
 * And a Kyverno ClusterPolicy that a kustomization renders is a rollback candidate: its source document
 * has no model of its own, and its kind is none the model reads, so it was judged to matter to no path
 * (talos-homelab 5f369009 added such a rule and read "Even reverting every changed document leaves 21
 * opened paths").
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { diffText } from '../../src/report/diff-text.js';
import { patchedFiles } from '../helpers/git.js';
import { cacheObject, cacheScrapeRule } from '../helpers/kyverno-cache.js';

const deployment = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: main, image: x}]}\n`;
const cache = (name: string) => cacheObject(name);
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

/** The rule: one NetworkPolicy per Cache, admitting `from` (a peer's YAML) on `port`. */
const generator = (from: string, port: string) => cacheScrapeRule(['            ingress:', `              - from: [${from}]`, `                ports: [{protocol: TCP, port: ${port}}]`]);
const MONITORING = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}';
const EVERY_NAMESPACE = '{namespaceSelector: {}}';

const NAMESPACES = ['shop', 'monitoring', 'web'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`).join('---\n');

/** The rule in `policies/` (rendered by a kustomization, or a plain file), the Caches and the apps in `apps/`. */
function side(rule: string | undefined, caches: readonly string[], opts: { rendered: boolean; deny?: boolean }): Record<string, string> {
  return {
    ...(rule === undefined ? {} : { 'policies/generator.yaml': rule }),
    ...(opts.rendered ? { 'policies/kustomization.yaml': `resources:\n${rule === undefined ? '' : '  - generator.yaml\n'}  - rbac.yaml\n` } : {}),
    'policies/rbac.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: kyverno:generate}\nrules: []\n',
    'apps/namespaces.yaml': NAMESPACES,
    'apps/workloads.yaml': [deployment('sessions', 'shop'), deployment('tokens', 'shop'), deployment('exporter', 'monitoring'), deployment('front', 'web')].join('---\n'),
    ...(caches.length ? { 'apps/caches.yaml': caches.map(cache).join('---\n') } : {}),
    ...(opts.deny ? { 'apps/deny.yaml': DENY } : {}),
  };
}

/** The files as one build, or as two (`policies/` and `apps/`: two Flux Kustomizations of one cluster that deploy one file differently). */
const load = (files: Record<string, string> | readonly { path: string; text: string }[], builds: boolean): ManifestFile[] =>
  (Array.isArray(files) ? files : Object.entries(files).map(([path, text]) => ({ path, text }))).map((f) => ({ ...f, ...(builds ? { build: f.path.startsWith('policies/') ? '1' : '2' } : {}) }));

const opened = (r: DiffReport) => r.pairs.filter((p) => p.opened).length;

/** The report's rollback closes every opened path, says no path stays open, and its patch, applied to head, leaves none opened. */
async function closesEverything(base: Record<string, string>, head: Record<string, string>, builds: boolean): Promise<DiffReport> {
  const r = analyzeDiff(load(base, builds), load(head, builds));
  expect(opened(r)).toBeGreaterThan(0);
  expect(r.rollback.remainingOpened).toBe(0);
  expect(r.rollback.notes.join('\n')).not.toMatch(/leaves \d+ opened path/);
  expect(diffText(r)).not.toMatch(/Even reverting/);
  const after = analyzeDiff(load(base, builds), load(await patchedFiles(Object.entries(head).map(([path, text]) => ({ path, text })), r.rollback.patch), builds));
  expect(opened(after)).toBe(0);
  return r;
}

const files = (r: DiffReport) => r.rollback.documents.map((d) => `${d.change} ${d.head?.file ?? d.base?.file}`).sort();

describe.each([
  ['one build', false],
  ['two builds', true],
])('%s: a Kyverno rule generating a NetworkPolicy per Cache', (_, builds) => {
  describe.each([
    ['rendered by a kustomization', true],
    ['a plain file', false],
  ])('the rule %s', (__, rendered) => {
    it('added (admitting monitoring into isolated caches): the rollback deletes it', async () => {
      const r = await closesEverything(side(undefined, ['sessions'], { rendered, deny: true }), side(generator(MONITORING, '6379'), ['sessions'], { rendered, deny: true }), builds);
      // Its file deleted, the kustomization's entry naming it goes with it (else the build fails).
      expect(files(r)).toEqual(rendered ? ['added policies/generator.yaml', 'edited policies/kustomization.yaml'] : ['added policies/generator.yaml']);
    });

    it('edited to admit every namespace: the rollback reverts it, and its base version is generated for the Caches again', async () => {
      const r = await closesEverything(side(generator(MONITORING, '6379'), ['sessions', 'tokens'], { rendered }), side(generator(EVERY_NAMESPACE, '6379'), ['sessions', 'tokens'], { rendered }), builds);
      expect(files(r)).toEqual(['edited policies/generator.yaml']);
    });

    it('removed (its policies isolated the caches): the rollback restores it, and what it generates for the Caches with it', async () => {
      const r = await closesEverything(side(generator(MONITORING, '6379'), ['sessions'], { rendered }), side(undefined, ['sessions'], { rendered }), builds);
      expect(files(r)).toEqual(rendered ? ['edited policies/kustomization.yaml', 'removed policies/generator.yaml'] : ['removed policies/generator.yaml']);
    });

    it('a Cache renamed: the rollback restores the Cache, whose policy the rule makes in the other build', async () => {
      const r = await closesEverything(side(generator(MONITORING, '6379'), ['sessions', 'tokens'], { rendered }), side(generator(MONITORING, '6379'), ['sessions', 'gone'], { rendered }), builds);
      expect(r.rollback.documents.length).toBeGreaterThan(0);
      expect(files(r).every((f) => f.endsWith(' apps/caches.yaml'))).toBe(true);
    });
  });
});

/** The files as one build, or each top folder a build of its own. */
const byFolder = (files: Record<string, string> | readonly { path: string; text: string }[], builds: boolean): ManifestFile[] =>
  (Array.isArray(files) ? files : Object.entries(files).map(([path, text]) => ({ path, text }))).map((f) => ({ ...f, ...(builds ? { build: f.path.split('/')[0] } : {}) }));

async function closedByRollback(base: Record<string, string>, head: Record<string, string>, builds: boolean): Promise<DiffReport> {
  const r = analyzeDiff(byFolder(base, builds), byFolder(head, builds));
  expect(opened(r)).toBeGreaterThan(0);
  expect(r.rollback.remainingOpened).toBe(0);
  expect(diffText(r)).not.toMatch(/Even reverting/);
  const after = analyzeDiff(byFolder(base, builds), byFolder(await patchedFiles(Object.entries(head).map(([path, text]) => ({ path, text })), r.rollback.patch), builds));
  expect(opened(after)).toBe(0);
  return r;
}

describe.each([
  ['one build', false],
  ['two builds', true],
])('%s: the other facts the builds settle as one', (_, builds) => {
  it("a Rollout whose workloadRef names another build's Deployment, edited: reverted, it runs that Deployment's template again", async () => {
    const web = (name: string, app: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    const rollout = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n`;
    // Pods labelled app=public admit every namespace; the rest of shop admits none.
    const admit = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: public, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: public}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{namespaceSelector: {}}]}]\n';
    const apps = { 'apps/namespaces.yaml': NAMESPACES, 'apps/deploy.yaml': `${web('web', 'web')}---\n${web('public', 'public')}`, 'apps/client.yaml': deployment('front', 'web'), 'apps/deny.yaml': DENY, 'apps/admit.yaml': admit };
    const r = await closedByRollback({ ...apps, 'rollouts/rollout.yaml': rollout('web') }, { ...apps, 'rollouts/rollout.yaml': rollout('public') }, builds);
    expect(files(r)).toEqual(['edited rollouts/rollout.yaml']);
  });

  it("a CiliumCIDRGroup that another build's deny names, edited: reverted, the deny takes its addresses again", async () => {
    const group = (cidr: string) => `apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: blocked}\nspec:\n  externalCIDRs: [${cidr}]\n`;
    const policies = [
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: world, namespace: web}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEntities: [world]\n',
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: blocked, namespace: web}\nspec:\n  endpointSelector: {}\n  egressDeny:\n    - toCIDRSet:\n        - cidrGroupRef: blocked\n',
    ].join('---\n');
    const apps = { 'apps/namespaces.yaml': NAMESPACES, 'apps/client.yaml': deployment('front', 'web'), 'apps/policies.yaml': policies };
    const r = await closedByRollback({ ...apps, 'network/group.yaml': group('198.51.100.0/24') }, { ...apps, 'network/group.yaml': group('203.0.113.0/24') }, builds);
    expect(files(r)).toEqual(['edited network/group.yaml']);
  });
});

describe('a source document of a kind the model reads only as built', () => {
  it("a Dragonfly a kustomization renders, its operator's policy turned off: the rollback reverts the Dragonfly", async () => {
    const dragonfly = (spec: string) => `apiVersion: dragonflydb.io/v1alpha1\nkind: Dragonfly\nmetadata: {name: cache}\nspec:\n${spec}`;
    const tree = (spec: string) => ({
      'shop/kustomization.yaml': 'namespace: shop\nresources:\n  - namespace.yaml\n  - web.yaml\n  - cache.yaml\n',
      'shop/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
      'shop/web.yaml': deployment('web', 'shop'),
      'shop/cache.yaml': dragonfly(spec),
      'other/front.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\n${deployment('front', 'web')}`,
    });
    const r = await closesEverything(tree('  replicas: 2\n'), tree('  replicas: 2\n  networkPolicyEnabled: false\n'), false);
    expect(files(r)).toEqual(['edited shop/cache.yaml']);
  });
});
