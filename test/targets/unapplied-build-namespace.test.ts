/**
 * A top-level kustomization of Flux Kustomizations that sets `namespace:`, applied by no controller object
 * here, whose build fails on head (it still lists an app folder the change deletes). Its controller objects are
 * read as written (unapplied-builds.ts), but every apply of that build put them in its namespace, and a Flux
 * Kustomization's sourceRef namespace defaults to its own: read without it, an app whose source the cluster
 * never finds (`media/flux-system`) read as deployed from `flux-system/flux-system`, "new in this change", its
 * paths opened (real repositories 38, coolguy1771 a1d6c9542). Now read in the build's namespace
 * (rendered-controllers.ts `inBuildNamespace`).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const DEPLOY = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: c}]}\n`;
/** A Flux Kustomization of `apps/NAME/app`, its sourceRef written with or without a namespace. */
const app = (name: string, sourceNamespace?: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/${name}/app\n  targetNamespace: media\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${sourceNamespace ? `    namespace: ${sourceNamespace}\n` : ''}`;
const SYNC =
  'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: https://example.invalid/media-ops\n  ref: {branch: main}\n---\n' +
  'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./clusters/main\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n';

/** Base: `apps/` (namespace media) lists radarr and sonarr; radarr's source namespace is `sourceNamespace`. */
const base = (sourceNamespace?: string) => ({
  'clusters/main/flux-system/gotk-sync.yaml': SYNC,
  'clusters/main/infra.yaml': DEPLOY('infra'),
  'apps/kustomization.yaml': `${KUSTOMIZATION}namespace: media\nresources:\n  - ./radarr/ks.yaml\n  - ./sonarr/ks.yaml\n`,
  'apps/radarr/ks.yaml': app('radarr', sourceNamespace),
  'apps/radarr/app/kustomization.yaml': `${KUSTOMIZATION}resources: [deploy.yaml]\n`,
  'apps/radarr/app/deploy.yaml': DEPLOY('radarr'),
  'apps/sonarr/ks.yaml': app('sonarr', 'flux-system'),
  'apps/sonarr/app/kustomization.yaml': `${KUSTOMIZATION}resources: [deploy.yaml]\n`,
  'apps/sonarr/app/deploy.yaml': DEPLOY('sonarr'),
});
/** Head: sonarr's folder deleted, still listed: the build of `apps/` fails. */
const head = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith('apps/sonarr/')));

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
});

interface DiffJson {
  summary: { opened: number; closed: number };
}

async function diff(baseFiles: Record<string, string>, headFiles: Record<string, string>): Promise<{ json: DiffJson; text: string }> {
  const baseRoot = await tempFolder(baseFiles, 'reachdiff-unapplied-ns-');
  const headRoot = await tempFolder(headFiles, 'reachdiff-unapplied-ns-');
  folders.push(baseRoot, headRoot);
  const out = await main(['diff', baseRoot, headRoot, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).not.toMatch(/\n\s+at /);
  const text = await main(['diff', baseRoot, headRoot, '--fail-on', 'never']);
  return { json: JSON.parse(out.stdout) as DiffJson, text: text.stdout };
}

describe("a failing build's Flux Kustomizations read as written stay in the namespace the build sets", () => {
  it('an app whose source is found only outside that namespace is deployed on neither side: nothing opens', async () => {
    const { json, text } = await diff(base(), head(base()));
    expect(json.summary.opened).toBe(0);
    expect(text).not.toContain('radarr (new in this change)');
  });

  it('an app naming its source namespace is deployed on both sides (the fixture can fail)', async () => {
    const { text } = await diff(base('flux-system'), head(base('flux-system')));
    expect(text).not.toContain('radarr (new in this change)');
    const targets = await main(['targets', '--repo', folders[1]]);
    expect(targets.stdout).toMatch(/^radarr +\[/m);
  });
});
