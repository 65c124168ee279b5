/**
 * Flux generates a kustomization for a folder without one whether or not its Kustomization writes fields
 * into it (fluxcd/pkg kustomize generator: every YAML manifest of the folder and every kustomization folder
 * below, listed as resources), and `kustomize build` refuses two resources of one id ("may not add resource
 * with an already registered id", `kubectl kustomize` 5.5 over that listing). So two copies of one object in
 * one namespace fail the Kustomization's build also without targetNamespace, where reachdiff read the folder
 * as `kubectl apply -f` does (DUPLICATE_OBJECT, the last copy kept). Objects of one name in two namespaces
 * stay two objects.
 */
import { renderRepository } from '../../src/kustomize/index.js';
import type { RenderResult } from '../../src/kustomize/index.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex, targetFiles } from '../../src/targets/target-files.js';
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { fluxSync } from '../helpers/flux-sync.js';
import { sideTreesSync } from '../helpers/git.js';

type Files = Record<string, string>;
const sync = fluxSync({ name: 'shop', path: './apps/shop' });
const policy = (ns: string | undefined, open = false) =>
  ['apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: deny-ingress', ...(ns ? [`  namespace: ${ns}`] : []), 'spec:', '  podSelector: {}', '  policyTypes: [Ingress]', ...(open ? ['  ingress: [{}]'] : []), ''].join('\n');

async function built(files: Files): Promise<{ paths: string[]; result: RenderResult | undefined }> {
  const side = sideIndex(new RepoFiles(Object.entries({ 'clusters/prod/sync.yaml': sync, ...files }).map(([path, text]) => ({ path, text }))));
  const target = discoverTargets(side).targets.find((t) => t.name === 'shop');
  if (!target) throw new Error('no target shop');
  const tf = await targetFiles(target, side);
  const results = renderRepository(new Map(tf.files.map((f) => [f.path, f.text])), undefined, () => 'LoadRestrictionsNone').results;
  return { paths: tf.files.map((f) => f.path).sort(), result: results.find((r) => r.dir === 'apps/shop') };
}

const failures = (r: RenderResult | undefined) => (r?.diagnostics ?? []).filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`);

describe('Flux Kustomization without fields to write, over a folder without a kustomization', () => {
  it('two copies of one policy in one namespace fail the build at the path: line, naming both files', async () => {
    // In Flux's listing order (its directory walk: lexical), as `kubectl kustomize` names them: the second is refused.
    const { result } = await built({ 'apps/shop/deny-copy.yaml': policy('shop', true), 'apps/shop/deny.yaml': policy('shop') });
    expect(failures(result)).toEqual([
      'clusters/prod/sync.yaml:12 kustomize build apps/shop fails: may not add resource with an already registered id: networking.k8s.io/v1/NetworkPolicy shop deny-ingress (from apps/shop/deny.yaml:1, first from apps/shop/deny-copy.yaml:1)',
    ]);
  });

  it('no namespace and `default` are one namespace, as Kustomize reads them', async () => {
    const { result } = await built({ 'apps/shop/deny.yaml': policy(undefined), 'apps/shop/deny-copy.yaml': policy('default') });
    expect(failures(result)).toHaveLength(1);
  });

  it('one base two kustomizations below include: one id twice, the build fails', async () => {
    const below = (app: string): Files => ({ [`apps/shop/${app}/kustomization.yaml`]: 'resources: [../../common]\n' });
    const { result } = await built({ ...below('a'), ...below('b'), 'apps/common/kustomization.yaml': 'resources: [deny.yaml]\n', 'apps/common/deny.yaml': policy('shop') });
    expect(failures(result)).toEqual([expect.stringMatching(/^clusters\/prod\/sync\.yaml:12 kustomize build apps\/shop fails: may not add resource with an already registered id: networking\.k8s\.io\/v1\/NetworkPolicy shop deny-ingress/)]);
  });

  it('one name in two namespaces: two objects, read as the files are (no generated kustomization among the files)', async () => {
    const { paths, result } = await built({ 'apps/shop/deny.yaml': policy('shop'), 'apps/shop/deny-web.yaml': policy('web') });
    expect(paths).not.toContain('apps/shop/kustomization.yaml');
    expect(failures(result)).toEqual([]);
  });
});

it('a copy added beside the policy: the changed build is not analysed (failing on head), not “kubectl apply keeps the last copy”', async () => {
  const base: Files = { 'clusters/prod/sync.yaml': sync, 'apps/shop/web.yaml': appDeployment('web', 'shop'), 'apps/shop/deny.yaml': policy('shop') };
  const head: Files = { ...base, 'apps/shop/deny-copy.yaml': policy('shop', true) };
  const root = sideTreesSync({ base, head });
  const out = await main(['diff', `${root}/base`, `${root}/head`, '--fail-on', 'never']);
  expect(out.stdout).toMatch(/^1 changed build not analysed \(failing on head\)/);
  expect(out.stdout).toContain('clusters/prod/sync.yaml:12: error: kustomize build apps/shop fails: may not add resource with an already registered id');
  expect(out.stdout).not.toContain('DUPLICATE_OBJECT');
});
