/**
 * Folders Flux Kustomizations build, seen from the layout and from a generated kustomization:
 * - (g) a Flux Kustomization whose source is an OCIRepository (an artifact pushed from `kubernetes/`) is not
 *   analysed as a Flux target (`EXTERNAL_SOURCE`), but the layout's top-level kustomization for the folder its
 *   path names is built as Flux builds it, without Kustomize's load restrictor. It used to fail on the
 *   restrictor, so the policy change inside was "not analysed (failing on head and on base)" (xunholy/k8s-gitops,
 *   kubernetes/apps/overlays/cluster-00, at every commit).
 * - (h) a Flux `spec.path` folder without a kustomization.yaml: Flux generates one listing the folder's YAML
 *   files at any depth and the kustomizations below it, built. The sub-kustomization's files used to be read
 *   one by one (its patch read as an object, its `namespace:` ignored) and a `.json` file was read too.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { controllerObject } from '../../src/targets/controller-objects.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { fluxPathFolder } from '../../src/targets/flux-builds.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const fixture = (name: string) => join(process.cwd(), 'test', 'fixtures', 'targets', name);

interface Peer { readonly id: string }
interface DiffJson {
  readonly pairs: readonly { src: Peer; dst: Peer; opened: unknown }[];
  readonly warnings: readonly { code: string; message: string }[];
  readonly notices: readonly { code: string; message: string; file?: string }[];
  readonly targets: readonly { name: string; members: readonly { name: string; why: string }[]; warnings: readonly { code: string }[] }[];
}

describe('(g) a Flux Kustomization with an OCIRepository source', () => {
  it('is not analysed as a target, yet the overlay its path names builds as Flux builds it and the policy change is reported', async () => {
    const out = await main(['diff', join(fixture('g-flux-oci-source'), 'base'), join(fixture('g-flux-oci-source'), 'head'), '--format', 'json', '--fail-on', 'never']);
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout) as DiffJson;
    const failed = [...json.warnings, ...json.targets.flatMap((t) => t.warnings)].filter((w) => w.code === 'KUSTOMIZE_BUILD_FAILED');
    expect(failed).toEqual([]);
    expect(json.pairs.filter((p) => p.opened).map((p) => [p.src.id, p.dst.id])).toEqual([['home/zigbee2mqtt[Deployment]', 'home/mosquitto[Deployment]']]);
    // Both Kustomizations of the one OCIRepository: one note, at the first (external-source-notices.ts).
    expect(json.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => [n.file, n.message])).toEqual([['kubernetes/clusters/prod/ks.yaml', expect.stringMatching(/^2 Flux Kustomizations \(cluster, mqtt\): source OCIRepository \S+ .*is not this repository; not analysed$/)]]);
    const whys = Object.fromEntries(json.targets.flatMap((t) => t.members.map((m) => [m.name, m.why])));
    expect(whys['kubernetes/apps/overlays/prod']).toMatch(/without Kustomize's load restrictor as Flux builds it \(Flux Kustomization cluster, kubernetes\/clusters\/prod\/ks\.yaml:3\)/);
    expect(whys['kubernetes/apps/base/home/mqtt/app']).toMatch(/\(Flux Kustomization mqtt, /);
  });

  it("an artifact's path is found under a folder above the Kustomization's file; a GitRepository's path is the repository's", () => {
    const files = new RepoFiles([{ path: 'kubernetes/apps/overlays/prod/kustomization.yaml', text: 'resources: []\n' }]);
    const isFolder = (p: string) => files.isFolder(p);
    const ks = (kind: string) => controllerObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'cluster' }, spec: { path: './apps/overlays/prod', sourceRef: { kind, name: 'flux-system' } } }, { file: 'kubernetes/clusters/prod/ks.yaml', line: 1 })!;
    expect(fluxPathFolder(ks('OCIRepository'), isFolder)).toBe('kubernetes/apps/overlays/prod');
    expect(fluxPathFolder(ks('Bucket'), isFolder)).toBe('kubernetes/apps/overlays/prod');
    expect(fluxPathFolder(ks('GitRepository'), isFolder)).toBe('apps/overlays/prod');
  });

  it("another repository's GitRepository, or an artifact's own root, makes no folder here one Flux builds", () => {
    const tenant = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: tenant, namespace: flux-system}\nspec: {url: "https://github.com/other/tenant"}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: tenant, namespace: flux-system}\nspec:\n  path: ./apps/overlays/prod\n  sourceRef: {kind: GitRepository, name: tenant}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: generated, namespace: flux-system}\nspec:\n  path: ./\n  sourceRef: {kind: ExternalArtifact, name: generated}\n';
    const files = new RepoFiles([
      { path: 'clusters/prod/ks.yaml', text: tenant },
      { path: 'apps/overlays/prod/kustomization.yaml', text: 'resources:\n  - ../../base/ns.yaml\n' },
      { path: 'apps/base/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: home}\n' },
    ]);
    const sel = discoverTargets(files, { repoUrls: ['https://github.com/acme/fleet'] });
    expect(sel.notices.filter((n) => n.code === 'EXTERNAL_SOURCE')).toHaveLength(2);
    expect(sel.targets.map((t) => [t.name, t.loadRestrictor])).toEqual([['apps/overlays/prod', undefined], ['plain manifests', undefined]]);
  });

  it('a GitRepository of this repository whose path is missing here leaves the overlay a plain top-level kustomization, with the restrictor', () => {
    const sync = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "https://github.com/acme/fleet"}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: cluster, namespace: flux-system}\nspec:\n  path: ./apps/overlays/prod\n  sourceRef: {kind: GitRepository, name: flux-system}\n';
    const files = new RepoFiles([
      { path: 'kubernetes/clusters/prod/ks.yaml', text: sync },
      { path: 'kubernetes/apps/overlays/prod/kustomization.yaml', text: 'resources:\n  - ../../base/ns.yaml\n' },
      { path: 'kubernetes/apps/base/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: home}\n' },
    ]);
    const sel = discoverTargets(files, { repoUrls: ['https://github.com/acme/fleet'] });
    expect(sel.notices.map((n) => n.code)).toContain('MISSING_ROOT');
    const overlay = sel.targets.find((t) => t.name === 'kubernetes/apps/overlays/prod');
    expect([overlay?.origin, overlay?.loadRestrictor]).toEqual(['kustomization', undefined]);
  });
});

describe('(h) a Flux path without a kustomization.yaml', () => {
  it("builds the kustomization below it (namespace and patch applied) and reads its YAML files, not a .json file", async () => {
    const out = await main(['list', fixture('h-flux-generated'), '--format', 'json']);
    const json = JSON.parse(out.stdout) as { connections: readonly { src: Peer; dst: Peer; conn: unknown }[] };
    const workloads = new Set(json.connections.flatMap((c) => [c.src.id, c.dst.id]).filter((id) => id.endsWith(']')));
    expect([...workloads].sort()).toEqual(['db/pg[Deployment]', 'web/web[Deployment]']);
    // The policy selects pg by the label the patch adds, in the namespace the kustomization sets.
    expect(json.connections.filter((c) => c.dst.id === 'db/pg[Deployment]').map((c) => [c.src.id, c.conn])).toEqual([['web/web[Deployment]', { protocols: { TCP: [[5432, 5432]] } }]]);
    expect(out.stderr).not.toMatch(/DUPLICATE_OBJECT/);
  });
});
