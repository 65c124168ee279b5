/**
 * A Flux Kustomization whose `spec.path` is a folder kept by a `.gitkeep` alone, its build the Kustomize
 * components its `spec.components` adds (a database app made of a shared component), deploys this
 * repository's files: Flux's artifact holds the folder, and the generated kustomization there is the
 * components. Read from manifests alone the folder did not exist, so a Kustomization of the bootstrap source
 * `flux-system` (which no file defines) read as "not known to be this repository" and a change to the
 * component's policy as "Not analysed: … deploying another repository's files" (real repositories 41,
 * tholinka/home-ops 10335e3a: dragonfly-cluster, paperless-db). With the revision's whole tree known (the
 * CLI's git revisions, a folder side's folders on disk, the App's tree of the commit) the component is analysed
 * (test/github/gitkeep-path.test.ts for the App).
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { commitFiles, git, tempDir } from '../helpers/git.js';
import { diffSides } from '../helpers/folder-diff.js';

const ks = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  targetNamespace: db\n  sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}\n${extra}`;
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const POLICY = (from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg}\nspec:\n  podSelector: {matchLabels: {app: pg}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: ${from}}]}]\n`;
const TREE = (from: string): Record<string, string> => ({
  'apps/kustomization.yaml': 'resources: [./web/ks.yaml, ./pg/ks.yaml]\n',
  'apps/web/ks.yaml': ks('web', './apps/web/app'),
  'apps/web/app/deploy.yaml': DEPLOY('web'),
  'apps/pg/ks.yaml': ks('pg', './apps/pg/db', '  components: [../../../components/pg]\n'),
  'apps/pg/db/.gitkeep': '',
  'components/pg/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deploy.yaml, policy.yaml]\n',
  'components/pg/deploy.yaml': DEPLOY('pg'),
  'components/pg/policy.yaml': POLICY(from),
  // Applied by `flux bootstrap`, whose GitRepository flux-system the cluster holds and no file writes.
  'clusters/home/apps.yaml': ks('cluster-apps', './apps').replace('  targetNamespace: db\n', ''),
});
const list = (m: Record<string, string>) => Object.entries(m).map(([path, text]) => ({ path, text }));

it("a change to the component of a Kustomization whose path holds only a .gitkeep is analysed from git revisions, not said to be another repository's", async () => {
  const repo = await tempDir();
  git(repo, 'init', '-q', '-b', 'main');
  await commitFiles(repo, list(TREE('{matchLabels: {app: web}}')), 'base');
  await commitFiles(repo, list(TREE('{}')), 'head');
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json']);
  const json = JSON.parse(out.stdout) as { summary: { opened: number }; notices: { code: string; message: string }[] };
  expect(json.notices.filter((n) => /another repository|not known to be this repository/.test(n.message))).toEqual([]);
  expect(json.summary.opened).toBeGreaterThan(0);
  expect(out.exitCode).toBe(1);
});

it("the same from folder sides: the folder is on disk, so the component's change is analysed", async () => {
  const out = await diffSides({ base: TREE('{matchLabels: {app: web}}'), head: TREE('{}') }).run('--format', 'json');
  const json = JSON.parse(out.stdout) as { summary: { opened: number }; notices: { code: string; message: string }[] };
  expect(json.notices.filter((n) => /another repository|not known to be this repository/.test(n.message))).toEqual([]);
  expect(json.summary.opened).toBeGreaterThan(0);
});

it('without the tree (manifests alone), the folder is still unknown: the same Kustomization is not analysed, as before', async () => {
  const r = await analyzeTargets(list(TREE('{matchLabels: {app: web}}')).filter((f) => !f.path.endsWith('.gitkeep')), list(TREE('{}')).filter((f) => !f.path.endsWith('.gitkeep')));
  expect(r.combined.pairs.filter((p) => p.opened)).toEqual([]);
});
