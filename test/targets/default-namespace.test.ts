/**
 * DEFAULT_NAMESPACE: head's namespaced objects that name no namespace (and have nothing but `default` to
 * go to) are noted once. The loader counts them as it reads each file, so the targets step parses nothing
 * ahead of it; a file the loader did not read (or no longer holds) is parsed without being kept.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { clearLoadedFiles, loadManifests, namespaceLessObjects } from '../../src/manifests/load.js';
import { clearParseCache } from '../../src/manifests/yaml-documents.js';

const deployment = (name: string, namespace?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${namespace === undefined ? '' : `, namespace: ${namespace}`}}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers: [{name: c, image: x}]\n`;
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const codes = async (base: { path: string; text: string }[], head: { path: string; text: string }[]) => (await analyzeTargets(base, head)).notices.map((n) => n.code);

beforeEach(() => {
  clearParseCache();
  clearLoadedFiles();
});

test("a head object without a namespace is noted; one only base has is not (head's placement is what is analysed)", async () => {
  const placed = [{ path: 'apps/web.yaml', text: deployment('web', 'shop') }, { path: 'policy.yaml', text: policy }];
  const loose = [{ path: 'apps/web.yaml', text: deployment('web') }, { path: 'policy.yaml', text: policy }];
  expect(await codes(placed, loose)).toContain('DEFAULT_NAMESPACE');
  expect(await codes(loose, placed)).not.toContain('DEFAULT_NAMESPACE');
  expect(await codes(placed, placed)).not.toContain('DEFAULT_NAMESPACE');
});

test('an empty namespace counts as none; kinds the engine does not read, and a ConfigMap, do not count', async () => {
  const base = [{ path: 'policy.yaml', text: policy }];
  expect(await codes(base, [...base, { path: 'web.yaml', text: deployment('web', '""') }])).toContain('DEFAULT_NAMESPACE');
  const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n';
  expect(await codes(base, [...base, { path: 'cm.yaml', text: other }])).not.toContain('DEFAULT_NAMESPACE');
});

test('namespaceLessObjects: the count from the loader’s read equals the count from a fresh parse', () => {
  const file = { path: 'apps/all.yaml', text: [deployment('a'), deployment('b', 'shop'), 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: a}}\n', policy].join('---\n') };
  const json = { path: 'apps/web.json', text: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'j' }, spec: {} }) };
  // Not read yet: parsed (and not kept).
  expect(namespaceLessObjects(file)).toBe(2);
  expect(namespaceLessObjects(json)).toBe(1);
  loadManifests([file, json]);
  expect(namespaceLessObjects(file)).toBe(2);
  expect(namespaceLessObjects(json)).toBe(1);
});

test('an overlay whose base sets namespace: the base places its objects (no note); a base without one still gets it', async () => {
  const overlay = { path: 'app/overlay/kustomization.yaml', text: 'resources:\n  - ../base\n' };
  const withNs = [overlay, { path: 'app/base/kustomization.yaml', text: 'namespace: tools\nresources:\n  - web.yaml\n' }, { path: 'app/base/web.yaml', text: deployment('web') }];
  const withoutNs = [overlay, { path: 'app/base/kustomization.yaml', text: 'resources:\n  - web.yaml\n' }, { path: 'app/base/web.yaml', text: deployment('web') }];
  const changed = (files: { path: string; text: string }[]) => files.map((f) => (f.path.endsWith('web.yaml') ? { ...f, text: f.text.replace('image: x', 'image: y') } : f));
  expect(await codes(withNs, changed(withNs))).not.toContain('DEFAULT_NAMESPACE');
  expect(await codes(withoutNs, changed(withoutNs))).toContain('DEFAULT_NAMESPACE');
});

test('a patch file naming no namespace is no object: an overlay patching a base that sets namespace gets no note (new-user 37)', async () => {
  // Every object is placed by the base's namespace:; the overlay's strategic merge patch names none, as patches do.
  const base = [
    { path: 'app/base/kustomization.yaml', text: 'namespace: tools\nresources:\n  - web.yaml\n  - policy.yaml\n' },
    { path: 'app/base/web.yaml', text: deployment('web') },
    { path: 'app/base/policy.yaml', text: policy.replace('namespace: shop', 'namespace: tools') },
    { path: 'app/prod/kustomization.yaml', text: 'resources:\n  - ../base\npatches:\n  - path: replicas.yaml\n' },
    { path: 'app/prod/replicas.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n' },
  ];
  const head = base.map((f) => (f.path === 'app/prod/replicas.yaml' ? { ...f, text: f.text.replace('replicas: 3', 'replicas: 4') } : f));
  expect(await codes(base, head)).not.toContain('DEFAULT_NAMESPACE');
});
