/**
 * A Flux Kustomization's `targetNamespace` is written into the kustomization Flux builds as `namespace:`
 * (fluxcd/pkg kustomize generator), so Kustomize's namespace transformer runs: a Namespace object takes the
 * target namespace as its name (`kubectl kustomize` with `namespace: staging` renames `Namespace web` to
 * `staging`), and two objects it makes one (`allow-dns` written in two namespaces, two Namespace objects)
 * fail the build ("namespace transformation produces ID conflict") at the `targetNamespace` line, with or
 * without a kustomization.yaml in the path (new-user trial 45: reachdiff built it and kept the last copy).
 */
import { renderRepository } from '../../src/kustomize/index.js';
import type { RenderResult } from '../../src/kustomize/index.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex, targetFiles } from '../../src/targets/target-files.js';
import { fluxSync } from '../helpers/flux-sync.js';

type Files = Record<string, string>;
const sync = fluxSync({ name: 'shop', path: './apps/shop', targetNamespace: 'staging' });
const policy = (ns: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-dns
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - ports:
        - {port: 53, protocol: UDP}
`;
const namespace = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const KUSTOMIZATION = 'resources:\n  - shop.yaml\n  - data.yaml\n';

async function render(files: Files): Promise<RenderResult> {
  const side = sideIndex(new RepoFiles(Object.entries({ 'clusters/prod/sync.yaml': sync, ...files }).map(([path, text]) => ({ path, text }))));
  const target = discoverTargets(side).targets.find((t) => t.name === 'shop');
  if (!target) throw new Error('no target shop');
  const tf = await targetFiles(target, side);
  const results = renderRepository(new Map(tf.files.map((f) => [f.path, f.text])), undefined, () => 'LoadRestrictionsNone').results;
  expect(results).toHaveLength(1);
  return results[0];
}

const failures = (r: RenderResult) => r.diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`);
const names = (r: RenderResult) => r.objects.map((o) => `${String(o.value.kind)} ${String((o.value.metadata as { namespace?: string }).namespace ?? '-')}/${String((o.value.metadata as { name: string }).name)}`);

describe('Flux targetNamespace runs Kustomize\'s namespace transformer', () => {
  for (const withKustomization of [true, false]) {
    const own: Files = withKustomization ? { 'apps/shop/kustomization.yaml': KUSTOMIZATION } : {};
    const folder = withKustomization ? 'with its kustomization.yaml' : 'without a kustomization.yaml';

    it(`two allow-dns policies of two namespaces fail the build at the targetNamespace line (${folder})`, async () => {
      const r = await render({ ...own, 'apps/shop/shop.yaml': policy('shop'), 'apps/shop/data.yaml': policy('data') });
      const [failure, ...more] = failures(r);
      expect(more).toEqual([]);
      expect(failure).toMatch(/^clusters\/prod\/sync\.yaml:14 kustomize build apps\/shop fails: namespace transformation produces ID conflict: NetworkPolicy staging\/allow-dns \(from apps\/shop\/(shop|data)\.yaml:1 and apps\/shop\/(shop|data)\.yaml:1\)/);
      expect(r.objects).toEqual([]);
    });

    it(`two Namespace objects are both renamed, so they fail the build too (${folder})`, async () => {
      const r = await render({ ...own, 'apps/shop/shop.yaml': namespace('web'), 'apps/shop/data.yaml': namespace('api') });
      expect(failures(r)).toEqual([expect.stringMatching(/^clusters\/prod\/sync\.yaml:14 .*ID conflict: Namespace staging/)]);
    });

    it(`one Namespace object takes the target namespace as its name, as kubectl kustomize does (${folder})`, async () => {
      const r = await render({ ...own, 'apps/shop/shop.yaml': namespace('web'), 'apps/shop/data.yaml': policy('data') });
      expect(failures(r)).toEqual([]);
      expect(names(r).sort()).toEqual(['Namespace -/staging', 'NetworkPolicy staging/allow-dns']);
    });
  }

  it('a policy written for another namespace is noted as moved by the targetNamespace line, named so', async () => {
    const r = await render({ 'apps/shop/kustomization.yaml': 'resources:\n  - shop.yaml\n', 'apps/shop/shop.yaml': policy('shop') });
    expect(failures(r)).toEqual([]);
    expect(r.diagnostics.filter((d) => d.code === 'KUSTOMIZE_NAMESPACE_REPLACED').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`)).toEqual([
      'apps/shop/shop.yaml:5 NetworkPolicy staging/allow-dns: metadata.namespace shop is written, but the targetNamespace: staging of clusters/prod/sync.yaml:14 replaces it',
    ]);
  });

  it('without targetNamespace the same folder builds: each policy stays in its namespace', async () => {
    const r = await render({ 'clusters/prod/sync.yaml': sync.replace('  targetNamespace: staging\n', ''), 'apps/shop/kustomization.yaml': KUSTOMIZATION, 'apps/shop/shop.yaml': policy('shop'), 'apps/shop/data.yaml': policy('data') });
    expect(failures(r)).toEqual([]);
    expect(names(r).sort()).toEqual(['NetworkPolicy data/allow-dns', 'NetworkPolicy shop/allow-dns']);
  });
});

/**
 * A folder without a kustomization.yaml but with kustomizations below it: Flux's generated kustomization lists
 * them as resources, so its `namespace:` reaches what they build too (`kubectl kustomize` of a kustomization
 * with `namespace: staging` and `resources: [a, b]`, each of a and b building an `allow-dns` of its own
 * namespace, fails with "namespace transformation produces ID conflict"; a Namespace a builds is renamed).
 */
describe('Flux targetNamespace over a plain folder reaches the kustomizations below it', () => {
  const below = (folder: string, files: Files): Files => ({
    [`apps/shop/${folder}/kustomization.yaml`]: `resources:\n${Object.keys(files).map((f) => `  - ${f}\n`).join('')}`,
    ...Object.fromEntries(Object.entries(files).map(([f, text]) => [`apps/shop/${folder}/${f}`, text])),
  });

  it('an allow-dns built by each of two kustomizations below fails the build at the targetNamespace line, naming both files', async () => {
    const r = await render({ ...below('a', { 'p.yaml': policy('a') }), ...below('b', { 'p.yaml': policy('b') }) });
    expect(failures(r)).toEqual([
      'clusters/prod/sync.yaml:14 kustomize build apps/shop fails: namespace transformation produces ID conflict: NetworkPolicy staging/allow-dns (from apps/shop/a/p.yaml:1 and apps/shop/b/p.yaml:1)',
    ]);
    expect(r.objects).toEqual([]);
  });

  it("a plain file's allow-dns and one a kustomization below builds fail it too", async () => {
    const r = await render({ 'apps/shop/dns.yaml': policy('shop'), ...below('a', { 'p.yaml': policy('a') }) });
    expect(failures(r)).toEqual([expect.stringMatching(/^clusters\/prod\/sync\.yaml:14 .*ID conflict: NetworkPolicy staging\/allow-dns \(from apps\/shop\/(dns|a\/p)\.yaml:1 and apps\/shop\/(dns|a\/p)\.yaml:1\)$/)]);
  });

  it('a Namespace a kustomization below builds takes the target namespace as its name; distinct objects all land there', async () => {
    const r = await render({ ...below('a', { 'ns.yaml': namespace('a'), 'p.yaml': policy('a') }), ...below('b', { 'p.yaml': policy('b').replace('allow-dns', 'allow-web') }) });
    expect(failures(r)).toEqual([]);
    expect(names(r).sort()).toEqual(['Namespace -/staging', 'NetworkPolicy staging/allow-dns', 'NetworkPolicy staging/allow-web']);
  });
  it('the same allow-dns written without a namespace in a plain file and in a build below fails it (already one id), at the path: line that makes Flux list both', async () => {
    const bare = policy('x').replace('  namespace: x\n', '');
    const r = await render({ 'apps/shop/dns.yaml': bare, ...below('a', { 'p.yaml': bare }) });
    expect(failures(r)).toEqual([
      'clusters/prod/sync.yaml:12 kustomize build apps/shop fails: may not add resource with an already registered id: networking.k8s.io/v1/NetworkPolicy default allow-dns (from apps/shop/a/p.yaml:1, first from apps/shop/dns.yaml:1)',
    ]);
    expect(r.objects).toEqual([]);
  });
});

/**
 * Without a Namespace object or two objects of one id, the folder is read as it is: the loader places every
 * object in the target namespace, and no generated kustomization is among the target's files (it would be
 * a document of the change). A build below that may name its objects otherwise is built with the folder.
 */
describe('whether the generated kustomization is built for a targetNamespace alone', () => {
  const targetPaths = async (files: Files) => {
    const side = sideIndex(new RepoFiles(Object.entries({ 'clusters/prod/sync.yaml': sync, ...files }).map(([path, text]) => ({ path, text }))));
    const target = discoverTargets(side).targets.find((t) => t.name === 'shop')!;
    return (await targetFiles(target, side)).files.map((f) => f.path).sort();
  };
  const app = (prefix: string): Files => ({ 'apps/shop/dns.yaml': policy('shop'), 'apps/shop/a/kustomization.yaml': `${prefix}resources: [p.yaml]\n`, 'apps/shop/a/p.yaml': policy('a').replace('allow-dns', 'allow-web') });

  it('distinct objects: not built', async () => {
    expect(await targetPaths(app(''))).not.toContain('apps/shop/kustomization.yaml');
  });

  it('a build below with a name prefix: built (its names are known only by building)', async () => {
    expect(await targetPaths(app('namePrefix: x-\n'))).toContain('apps/shop/kustomization.yaml');
  });
});
