/**
 * Flux Kustomizations of one name in two clusters (`clusters/prod/apps.yaml`, `clusters/staging/apps.yaml`)
 * are named by their cluster, `apps (cluster staging)`, as Config Sync's per-cluster targets are. Before, the
 * second one met was `apps#2`: the verdict read `apps#2: 4 paths opened; apps: no change.` and a reader could
 * not tell which cluster changed (new-user trial 50).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { tempFolder } from '../helpers/git.js';

const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
const DENY_ALL = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const sync = (cluster: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/ops\n  ref:\n    branch: main\n---\n` +
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/${cluster}\n  targetNamespace: shop\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n`;
const cluster = (name: string) => ({ [`clusters/${name}/apps.yaml`]: sync(name), [`apps/${name}/web.yaml`]: DEPLOY('web'), [`apps/${name}/db.yaml`]: DEPLOY('db') });
const files = (f: Record<string, string>) => new RepoFiles(Object.entries(f).map(([path, text]) => ({ path, text, defaultNamespace: 'default' })));

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

async function diffText(base: Record<string, string>, head: Record<string, string>): Promise<string> {
  const [b, h] = [await tempFolder(base, 'reachdiff-flux-names-'), await tempFolder(head, 'reachdiff-flux-names-')];
  folders.push(b, h);
  const out = await main(['diff', b, h, '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  return out.stdout;
}

describe('Flux Kustomizations of one name in several clusters are named by cluster', () => {
  it('targets: `apps (cluster prod)` and `apps (cluster staging)`, not `apps` and `apps#2`', () => {
    const sel = discoverTargets(files({ ...cluster('prod'), ...cluster('staging') }), { repoUrls: ['https://example.invalid/ops'] });
    expect(sel.targets.map((t) => [t.name, t.cluster])).toEqual([
      ['apps (cluster prod)', 'prod'],
      ['apps (cluster staging)', 'staging'],
    ]);
    // Alone, a Kustomization keeps its own name.
    expect(discoverTargets(files(cluster('prod')), { repoUrls: ['https://example.invalid/ops'] }).targets.map((t) => t.name)).toEqual(['apps']);
  });

  it('the verdict says which cluster changed', async () => {
    const base = { ...cluster('prod'), ...cluster('staging') };
    const text = await diffText(base, { ...base, 'apps/staging/deny.yaml': DENY_ALL });
    expect(text.split('\n')[0]).toMatch(/^apps \(cluster staging\): \d+ paths? closed; apps \(cluster prod\): no change\.$/);
    expect(text).toContain('== apps (cluster staging) ==');
    expect(text).not.toContain('apps#2');
  });

  it('a change adding the second cluster compares base\'s only one with its own cluster, not the new one', async () => {
    const text = await diffText(cluster('staging'), { ...cluster('prod'), ...cluster('staging') });
    expect(text).toContain('apps (cluster prod) (new in this change)');
    expect(text).not.toMatch(/apps \(cluster staging\)[^\n]*new in this change/);
  });
});
