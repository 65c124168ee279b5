/**
 * The ApplicationSet `clusters` generator (Argo CD's Cluster Generator documentation): clusters from the cluster
 * Secrets the repository holds, its selector over their labels, the local cluster, `values` templated from the
 * cluster's parameters; without Secrets, the clusters a merge's list names (Konflux's layout, overlays patching
 * each set's values); without either, once for every cluster it selects (applicationset-unknown-clusters.test.ts). Fixtures: test/fixtures/targets/p-appset-clusters.
 */
import { join } from 'node:path';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { readTree, sideTreesSync } from '../helpers/git.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/targets/p-appset-clusters');

async function targetsOf(folder: string) {
  const sel = discoverTargets(new RepoFiles(await readTree(join(FIXTURES, folder))));
  return { targets: sel.targets.map((t) => [t.name, t.roots.join(','), t.cluster, t.namespace]), notices: sel.notices, how: sel.how };
}

describe('clusters generator over the repository’s cluster Secrets', () => {
  it('selects Secrets by label (stringData and base64 data), templates values from labels, leaves the local cluster out', async () => {
    const { targets } = await targetsOf('secrets');
    // Sent by `{{server}}`, each is in the cluster its Secret names (secret-cluster-names.ts): the api set's, sent by `{{name}}`, are there too.
    expect(targets.filter((t) => String(t[0]).startsWith('web-'))).toEqual([
      ['web-prod-eu', 'apps/web/eu', 'Prod_EU', 'web'],
      ['web-prod-us', 'apps/web/us', 'prod-us', 'web'],
    ]);
  });

  it('without a selector: every Secret and the local cluster in-cluster (goTemplate, index over annotations with a default)', async () => {
    const { targets, notices } = await targetsOf('secrets');
    expect(targets.filter((t) => String(t[0]).startsWith('api-'))).toEqual([
      ['api-in-cluster', 'apps/api', 'in-cluster', 'api-platform'],
      ['api-dev', 'apps/api', 'dev', 'api-platform'],
      ['api-prod-eu', 'apps/api', 'Prod_EU', 'api-shop'],
      ['api-prod-us', 'apps/api', 'prod-us', 'api-platform'],
    ]);
    expect(notices).toEqual([]);
  });
});

describe('clusters generator merged with a list naming clusters (no cluster Secret here)', () => {
  it('each listed cluster gets the generator’s values merged with its element, the local cluster the defaults; overlays patch the values', async () => {
    const { targets } = await targetsOf('merge');
    // Each overlay renders the same ApplicationSets, so each is its own Argo CD: its local cluster is named by it (controller-instances.ts).
    expect(targets).toEqual([
      ['shop-in-cluster', 'services/shop/production/default', 'in-cluster (deploy/overlays/prod)', 'shop-in-cluster'],
      ['shop-east-1', 'services/shop/production/east-1', 'east-1', 'shop-east-1'],
      ['shop-west-2', 'services/shop/production/west-2', 'west-2', 'shop-west-2'],
      ['cart-east-1', 'services/cart/production/east-1', 'east-1', 'cart-east-1'],
      ['shop-in-cluster#2', 'services/shop/staging/default', 'in-cluster (deploy/overlays/staging)', 'shop-in-cluster'],
      ['shop-stage-9', 'services/shop/staging/stage-9', 'stage-9', 'shop-stage-9'],
    ]);
  });

  it('one notice says the clusters were taken from the lists, and names the listed clusters without a path here', async () => {
    const { notices } = await targetsOf('merge');
    expect(notices.map((n) => n.code)).toEqual(['CLUSTERS_FROM_LIST']);
    expect(notices[0].message).toMatch(/^No Argo CD cluster Secret that the clusters generators of 2 ApplicationSets \(shop, cart\) would read is in this repository \(in the build they are rendered from, or read as committed\), so they are expanded over the clusters their merge lists name \(east-1, stage-9, west-2\), and Argo CD's local cluster in-cluster for those without a selector \(shop\)/);
    expect(notices[0].message).toMatch(/4 Applications for listed clusters have no path here \(shop-stage-9, shop-east-1, shop-west-2, cart-east-1\), taken as clusters that environment does not have$/);
  });
});

it('an overlay holding a cluster Secret gives its sets that cluster; another overlay of the same base, none, uses the list', async () => {
  const { targets } = await targetsOf('scoped');
  // Both overlays render the set `web`: two Argo CDs, dev's local cluster named by its overlay (controller-instances.ts).
  expect(targets).toEqual([
    ['web-dev-local', 'services/web/default', 'in-cluster (deploy/dev)', 'web'],
    ['web-east-1', 'services/web/east-1', 'east-1', 'web'],
  ]);
});

it('cluster Secrets in a folder of their own (a build with no ApplicationSet) are the clusters of the sets another folder holds', async () => {
  // Argo CD reads every cluster Secret of its namespace, whichever Application synced it (real-eval 19, Tim275/talos-homelab).
  const { targets, notices } = await targetsOf('separate');
  expect(targets).toContainEqual(['web', 'apps/web', 'in-cluster', 'web']);
  expect(notices.map((n) => n.message)).not.toContainEqual(expect.stringMatching(/needs a live cluster/));
});

it('a clusters generator with no cluster Secret and no list: its Application once, for every cluster, with a note', async () => {
  const { targets, notices } = await targetsOf('none');
  expect(targets).toEqual([['web-each-cluster', 'apps/web', 'every cluster', 'web']]);
  expect(notices.map((n) => n.code)).toEqual(['CLUSTERS_UNKNOWN']);
});

it('a policy change in a listed cluster’s folder is analysed in that cluster, not “no target deploys it”', async () => {
  const files = Object.fromEntries((await readTree(join(FIXTURES, 'merge'))).map((f) => [f.path, f.text]));
  const folder = 'services/shop/production/east-1';
  const base: Record<string, string> = { ...files, [`${folder}/kustomization.yaml`]: files[`${folder}/kustomization.yaml`] + '  - web.yaml\n', [`${folder}/web.yaml`]: appDeployment('web', 'shop-east-1') + '---\n' + appDeployment('client', 'shop-east-1') };
  const head = { ...base, [`${folder}/policy.yaml`]: base[`${folder}/policy.yaml`].replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress: [{}]') };
  const root = sideTreesSync({ base, head });
  const out = await main(['diff', join(root, 'base'), join(root, 'head'), '--format', 'json', '--fail-on', 'never']);
  const json = JSON.parse(out.stdout) as { targets: { cluster?: string; summary: { opened: number } }[]; notices: { code: string }[] };
  expect(json.targets.find((t) => t.cluster === 'east-1')?.summary.opened).toBeGreaterThan(0);
  expect(json.notices.map((n) => n.code)).not.toContain('OUTSIDE_TARGETS');
});
