/**
 * Flux writes a Kustomization's `patches`, `components`, `namePrefix`, `nameSuffix` and `images` into the
 * kustomization of its `spec.path` before the build, and sets `commonMetadata` on every object after it
 * (src/kustomize/flux-edit.ts, src/targets/flux-edit.ts). reachdiff applied only `targetNamespace` and
 * `postBuild`: a pull request changing only a Kustomization's `spec.patches` showed no change, and child
 * Kustomizations that a parent's patches give their `sourceRef` (a cluster's `definitions` folder) were
 * "not this repository", never analysed. Fixture: test/fixtures/targets/l-flux-edit (hand-written; base and
 * head differ only in one label of the `shop` Kustomization's first patch).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import { renderKustomization, renderRepository } from '../../src/kustomize/index.js';
import type { RenderResult } from '../../src/kustomize/index.js';
import { NodePositions } from '../../src/kustomize/types.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex, targetFiles } from '../../src/targets/target-files.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'l-flux-edit');
type Files = Record<string, string>;

function readTree(dir: string): Files {
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  return Object.fromEntries(walk(dir).map((p) => [relative(dir, p), readFileSync(p, 'utf8')]));
}

/** The render of one target's files, as the loader renders them (Flux: no load restrictor). */
async function renderTarget(files: Files, name: string): Promise<RenderResult> {
  const side = sideIndex(new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text }))));
  const target = discoverTargets(side).targets.find((t) => t.name === name);
  if (!target) throw new Error(`no target ${name}`);
  const tf = await targetFiles(target, side);
  const results = renderRepository(new Map(tf.files.map((f) => [f.path, f.text])), undefined, () => 'LoadRestrictionsNone').results;
  expect(results).toHaveLength(1);
  return results[0];
}

const byName = (r: RenderResult) => new Map(r.objects.map((o) => [`${String(o.value.kind)}/${String((o.value.metadata as { name: string }).name)}`, o]));
const at = (node: unknown) => new NodePositions().get(node as object);

interface DiffJson {
  summary: { opened: number; closed: number };
  pairs: { src: { id: string }; dst: { id: string }; opened: unknown; why?: unknown }[];
  warnings: { file: string; line: number; code: string; message: string }[];
  targets: { name: string; members: { name: string }[] }[];
}

async function diff(base: string, head: string): Promise<DiffJson> {
  const out = await main(['diff', base, head, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as DiffJson;
}

describe("a Flux Kustomization's spec fields change what its path renders", () => {
  it('a change to only spec.patches is analysed on both sides: web gains role=frontend and reaches db on TCP 5433', async () => {
    const json = await diff(join(FIX, 'base'), join(FIX, 'head'));
    const opened = json.pairs.filter((p) => p.opened).map((p) => `${p.src.id} => ${p.dst.id}`);
    expect(opened).toContain('shop/prod-web[Deployment] => shop/prod-db[Deployment]');
    expect(json.summary.closed).toBe(0);
    // The rule the JSON 6902 patch rewrote is told at the operation's value, inside the Flux Kustomization's file.
    const text = (await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--fail-on', 'never'])).stdout;
    expect(text).toContain('allowed by NetworkPolicy shop/prod-db ingress rule 1 (clusters/prod/sync.yaml:52)');
  });

  it('patches, namePrefix, components and images render as kubectl kustomize renders the same fields written into the kustomization', async () => {
    const head = readTree(join(FIX, 'head'));
    const flux = await renderTarget(head, 'shop');
    expect(flux.ok).toBe(true);
    // The reference: the path's kustomization with Flux's fields written into it by hand (kubectl kustomize
    // --load-restrictor LoadRestrictionsNone renders these same objects; targetNamespace is written as namespace:).
    const written = `${head['apps/shop/kustomization.yaml']}namespace: shop\nnamePrefix: prod-\ncomponents:\n  - ../../components/metrics\nimages:\n  - name: nginx\n    newTag: "1.27"\npatches:\n  - target: {kind: Deployment, name: web}\n    patch: |\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: any}\n      spec: {template: {metadata: {labels: {role: frontend}}}}\n  - target: {kind: NetworkPolicy, name: db}\n    patch: |\n      - {op: replace, path: /spec/ingress/0/ports/0/port, value: 5433}\n`;
    const reference = renderKustomization(new Map(Object.entries({ ...head, 'apps/shop/kustomization.yaml': written })), 'apps/shop');
    expect(reference.ok).toBe(true);
    const strip = (v: Record<string, unknown>) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'labels' && x?.team === 'shop' ? Object.fromEntries(Object.entries(x).filter(([l]) => l !== 'team')) : x)));
    const clean = (r: RenderResult) => r.objects.map((o) => strip(o.value)).map((v) => JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0 ? undefined : x))).sort();
    expect(clean(flux)).toEqual(clean(reference));
    const objects = byName(flux);
    expect([...objects.keys()].sort()).toEqual(['Deployment/prod-db', 'Deployment/prod-web', 'Namespace/shop', 'NetworkPolicy/prod-allow-metrics', 'NetworkPolicy/prod-db']);
    // The component's policy keeps its own file; the patched labels point at the patch in the Flux Kustomization.
    expect(objects.get('NetworkPolicy/prod-allow-metrics')?.ref).toEqual({ file: 'components/metrics/allow-metrics.yaml', line: 1 });
    const web = objects.get('Deployment/prod-web')!.value as { spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } } };
    expect(web.spec.template.metadata.labels).toEqual({ app: 'web', role: 'frontend' });
    expect(at(web.spec.template.metadata.labels)).toEqual({ file: 'clusters/prod/sync.yaml', line: 44 });
    expect(web.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it("commonMetadata labels every object's own metadata (a Namespace's labels meet namespaceSelectors), never pod templates", async () => {
    const objects = byName(await renderTarget(readTree(join(FIX, 'head')), 'shop'));
    const meta = (k: string) => (objects.get(k)!.value as { metadata: { labels?: Record<string, string> } }).metadata.labels;
    expect(meta('Namespace/shop')).toEqual({ team: 'shop' });
    expect(meta('Deployment/prod-web')).toEqual({ team: 'shop' });
    expect(at(meta('Namespace/shop'))).toEqual({ file: 'clusters/prod/sync.yaml', line: 26 });
    const template = (objects.get('Deployment/prod-db')!.value as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels;
    expect(template).toEqual({ app: 'db' });
  });

  it('a path without a kustomization file is built from the kustomization Flux generates, with nameSuffix and patches', async () => {
    const objects = byName(await renderTarget(readTree(join(FIX, 'head')), 'jobs'));
    expect([...objects.keys()].sort()).toEqual(['NetworkPolicy/report-v2', 'Pod/report-v2']);
    expect((objects.get('Pod/report-v2')!.value as { metadata: { labels: unknown } }).metadata.labels).toEqual({ app: 'report', role: 'frontend' });
  });

  it("a parent's patches give child Kustomizations their sourceRef and targetNamespace: the children are targets", () => {
    const files = readTree(join(FIX, 'head'));
    const sel = discoverTargets(new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text }))));
    const cache = sel.targets.find((t) => t.name === 'cache');
    expect(cache).toMatchObject({ origin: 'flux', roots: ['apps/cache'], namespace: 'cache', parentBuild: 'clusters/prod/apps' });
    expect(sel.notices.map((n) => n.code)).not.toContain('EXTERNAL_SOURCE');
  });

  it("v1beta2's patchesStrategicMerge and patchesJson6902 (objects, not text) apply too, at their lines", async () => {
    const head = readTree(join(FIX, 'head'));
    const sync = head['clusters/prod/sync.yaml'];
    const from = sync.indexOf('  patches:\n    - target:\n        kind: Deployment');
    const to = sync.indexOf('---', from);
    const deprecated = '  patchesStrategicMerge:\n    - apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: web\n      spec:\n        template:\n          metadata:\n            labels:\n              role: frontend\n  patchesJson6902:\n    - target:\n        kind: NetworkPolicy\n        name: db\n      patch:\n        - op: replace\n          path: /spec/ingress/0/ports/0/port\n          value: 5433\n';
    const files = { ...head, 'clusters/prod/sync.yaml': sync.slice(0, from) + deprecated + sync.slice(to) };
    const objects = byName(await renderTarget(files, 'shop'));
    const web = objects.get('Deployment/prod-web')!.value as { spec: { template: { metadata: { labels: Record<string, string> } } } };
    expect(web.spec.template.metadata.labels).toEqual({ app: 'web', role: 'frontend' });
    expect(at(web.spec.template.metadata.labels)).toEqual({ file: 'clusters/prod/sync.yaml', line: 33 });
    const policy = objects.get('NetworkPolicy/prod-db')!.value as { spec: { ingress: { ports: { port: number }[] }[] } };
    expect(policy.spec.ingress[0].ports[0].port).toBe(5433);
  });

  describe('a patch Flux or Kustomize refuses fails the build at its line in the Flux Kustomization, never a stack trace', () => {
    const head = readTree(join(FIX, 'head'));
    const failures = async (files: Files) => (await renderTarget(files, 'shop')).diagnostics.filter((d) => d.code === 'KUSTOMIZE_BUILD_FAILED').map((d) => `${d.ref.file}:${d.ref.line} ${d.message}`);
    const sync = head['clusters/prod/sync.yaml'];

    it('a patch without its text', async () => {
      const files = { ...head, 'clusters/prod/sync.yaml': sync.replace('      patch: |\n        - op: replace', '      notapatch: |\n        - op: replace') };
      expect(await failures(files)).toEqual(['clusters/prod/sync.yaml:46 kustomize build apps/shop fails: Flux Kustomization shop: a patch needs path or patch']);
    });

    it('a patch that is not YAML', async () => {
      const files = { ...head, 'clusters/prod/sync.yaml': sync.replace('          path: /spec/ingress/0/ports/0/port', '          path: [unclosed') };
      const [failure] = await failures(files);
      expect(failure).toMatch(/^clusters\/prod\/sync\.yaml:52 kustomize build apps\/shop fails: cannot parse the patch/);
    });

    it('a strategic merge patch without target naming no object', async () => {
      const files = { ...head, 'clusters/prod/sync.yaml': sync.replace('    - target:\n        kind: Deployment\n        name: web\n      patch: |\n        apiVersion: apps/v1\n        kind: Deployment\n        metadata:\n          name: any', '    - patch: |\n        apiVersion: apps/v1\n        kind: Deployment\n        metadata:\n          name: nothing') };
      expect(await failures(files)).toEqual(['clusters/prod/sync.yaml:34 kustomize build apps/shop fails: no resource matches strategic merge patch Deployment nothing']);
    });

    it('a component that is not a local path', async () => {
      const files = { ...head, 'clusters/prod/sync.yaml': sync.replace('    - ../../components/metrics', '    - https://example.com/components/metrics') };
      expect(await failures(files)).toEqual(["clusters/prod/sync.yaml:25 kustomize build apps/shop fails: Flux Kustomization shop: component path 'https://example.com/components/metrics' must be local and relative"]);
    });
  });
});
