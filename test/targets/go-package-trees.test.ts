/**
 * YAML inside a Go package tree is the package's (fixture-trees.ts): an operator's run-time assets
 * (`pkg/manifests/assets/`, embedded by `pkg/manifests/manifests.go`, name and namespace filled in when the
 * operator applies them) are no deployment. Real-eval 12, problem 1 (openshift/cluster-dns-operator
 * 1e7d47f1): read as deployed, the deny-all asset sealed openshift-dns, the name-less allow asset was
 * dropped, and the real close the change makes in the deployed `manifests/` folder read "no change".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, sideTreesSync, tempFolderSync } from '../helpers/git.js';
import { fixtureTree, goFolderList, goFoldersOf } from '../../src/targets/fixture-trees.js';

const namespaces = `apiVersion: v1\nkind: Namespace\nmetadata: {name: dns-operator}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: dns}\n`;
const operator = `apiVersion: apps/v1
kind: Deployment
metadata: {name: operator, namespace: dns-operator}
spec:
  selector: {matchLabels: {app: operator}}
  template:
    metadata: {labels: {app: operator}}
    spec: {containers: [{name: c, image: op}]}
`;
/** The operator's policy: egress to the dns namespace on `ports`. */
const operatorPolicy = (ports: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: operator, namespace: dns-operator}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dns}}}]
    ports: [${ports}]
`;
const denyAllAsset = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: dns}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`;
/** No name: the operator sets it. */
const allowAsset = (ports: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {namespace: dns}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: dns-operator}}}]
    ports: [${ports}]
`;
const side = (ports: string) => ({
  'manifests/00-namespace.yaml': namespaces,
  'manifests/01-operator.yaml': operator,
  'manifests/02-policy.yaml': operatorPolicy(ports),
  'pkg/manifests/manifests.go': 'package manifests\n\nimport "embed"\n\n//go:embed assets\nvar content embed.FS\n',
  'pkg/manifests/assets/networkpolicy-deny-all.yaml': denyAllAsset,
  'pkg/manifests/assets/dns/networkpolicy-allow.yaml': allowAsset(ports),
  'go.mod': 'module example.com/dns-operator\n',
});
const files = { base: side('{port: 8080}, {port: 8181}'), head: side('{port: 8181}') };

interface Json {
  summary: { opened: number; closed: number };
  pairs: { src: { id?: string }; dst: { id?: string; abstract?: unknown } }[];
  notices: { code: string; message: string }[];
}

test('run-time assets of a Go package are left out with one note; the close in the deployed folder is reported (folder sides)', async () => {
  const root = sideTreesSync(files, 'reachdiff-go-assets-');
  const out = await main(['diff', join(root, 'base'), join(root, 'head'), '--format', 'json']);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.summary).toMatchObject({ opened: 0, closed: 1 });
  const trees = json.notices.filter((n) => n.code === 'FIXTURE_TREES');
  expect(trees.map((n) => n.message)).toEqual([expect.stringMatching(/^Not taken as deployments: 2 manifest files under Go package trees \(files Go code embeds\) \(pkg\/\), left out of every target/)]);
  const text = await main(['diff', join(root, 'base'), join(root, 'head')]);
  expect(text.stdout.split('\n')[0]).toBe('1 path closed.');
  expect(text.stdout).not.toContain('MISSING_FIELD');
});

test('the same from git revisions: the tree names the Go sources', async () => {
  const repo = tempFolderSync(Object.entries(files.base).map(([path, text]) => ({ path, text })), 'reachdiff-go-assets-git-');
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'base');
  for (const [path, text] of Object.entries(files.head)) {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qam', 'head');
  const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
  expect(out.stdout.split('\n')[0]).toBe('1 path closed.');
  expect(out.stdout).toContain('Go package trees');
});

test('deployable folders of operator repositories stay deployments: a .go file alone, the root and module roots make no tree', () => {
  const go = goFoldersOf(
    goFolderList([
      'main.go',
      'go.mod',
      'config/core/placeholder.go',
      'quickstarts/hello-app/main.go',
      'operator/go.mod',
      'operator/main.go',
      'pkg/manifests/manifests.go',
      'bindata/bindata.go',
      'internal/manifests/collector/collector.go',
      'controllers/perses/perses.go',
    ]),
  )!;
  const kept = ['manifests/01-policy.yaml', 'config/core/deployments/controller.yaml', 'quickstarts/hello-app/manifests/deploy.yaml', 'operator/config/default/manager.yaml', 'deploy/operator.yaml', 'pkg/readme/x.yaml', 'assets/x.yaml'];
  expect(kept.map((p) => fixtureTree(p, go))).toEqual(kept.map(() => undefined));
  expect(['pkg/manifests/assets/dns/np.yaml', 'bindata/assets/routes/r.yaml', 'internal/manifests/collector/testcfg/a.yaml', 'controllers/perses/assets/d.yaml'].map((p) => fixtureTree(p, go))).toEqual(['pkg/', 'bindata/', 'internal/', 'controllers/perses/assets/']);
});
