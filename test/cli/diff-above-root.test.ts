/**
 * `diff co1/overlays/prod co2/overlays/prod`: an overlay naming `../../base` cannot build in the folder given
 * alone. Kustomize follows such paths on disk, so the diff reads the folders holding the bases (as many levels up
 * as the entries climb, again when a base climbs further), narrowed to the folders given, and says so on stderr.
 * Where that cannot be done (the two folders sit at different paths below those), a note names the builds
 * analysed on neither side and what to diff instead.
 */
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { levelsAboveFolder, pathsBelow, widerRead } from '../../src/cli/overlay-roots.js';
import { tempFolder } from '../helpers/git.js';

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;
const OPEN_TO_ALL = (apps: string) => apps.replace('ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]', 'ingress: [{}]');

/** A checkout: base/ (the apps) and overlays/prod/ (namespace prod over ../../base). */
function checkout(apps: string): Record<string, string> {
  return {
    'base/kustomization.yaml': 'resources: [apps.yaml]\n',
    'base/apps.yaml': apps,
    'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../../base\n',
  };
}

describe('two overlay folders whose bases lie above them', () => {
  it('are read from the folders holding the bases, narrowed to the overlays: the change in the base is seen, cited there', async () => {
    const co1 = await tempFolder(checkout(APPS), 'reachdiff-co1-');
    const co2 = await tempFolder(checkout(OPEN_TO_ALL(APPS)), 'reachdiff-co2-');
    const out = await main(['diff', join(co1, 'overlays/prod'), join(co2, 'overlays/prod')]);
    expect(out.stdout).toMatch(/^\d+ paths? opened/);
    expect(out.stdout).toContain('(base/apps.yaml:14)');
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^note: \S+overlays\/prod and \S+overlays\/prod name files above them: read \S*reachdiff-co1-\S+ and \S*reachdiff-co2-\S+ instead, narrowed with --path 'overlays\/prod\/\*\*' \(paths below are from those folders\)$/m);
    // The same report as the roots narrowed by hand.
    const roots = await main(['diff', co1, co2, '--path', 'overlays/prod/**', '--format', 'json']);
    const given = await main(['diff', join(co1, 'overlays/prod'), join(co2, 'overlays/prod'), '--format', 'json']);
    expect([...(given.chunks ?? [])].join('')).toBe([...(roots.chunks ?? [])].join(''));
  });

  it('climb again when a base names files above the wider folder', async () => {
    const nested = (apps: string) => ({
      'apps/base/kustomization.yaml': 'resources: [../../common]\n',
      'common/kustomization.yaml': 'resources: [apps.yaml]\n',
      'common/apps.yaml': apps,
      'apps/overlays/prod/kustomization.yaml': 'namespace: prod\nresources: [../../base]\n',
    });
    const c1 = await tempFolder(nested(APPS), 'reachdiff-c1-');
    const c2 = await tempFolder(nested(OPEN_TO_ALL(APPS)), 'reachdiff-c2-');
    const out = await main(['diff', join(c1, 'apps/overlays/prod'), join(c2, 'apps/overlays/prod')]);
    expect(out.stdout).toContain('(common/apps.yaml:14)');
    expect(out.stderr).toContain("narrowed with --path 'apps/overlays/prod/**'");
  });

  it('at different paths below those folders: not widened; a note names the builds and what to diff instead', async () => {
    const co1 = await tempFolder(checkout(APPS), 'reachdiff-co1-');
    const co2 = await tempFolder(checkout(OPEN_TO_ALL(APPS)), 'reachdiff-co2-');
    await mkdir(join(co2, 'overlays/production'));
    await rename(join(co2, 'overlays/prod/kustomization.yaml'), join(co2, 'overlays/production/kustomization.yaml'));
    const out = await main(['diff', join(co1, 'overlays/prod'), join(co2, 'overlays/production')]);
    expect(out.stdout).toMatch(/^No change in allowed connectivity\./);
    expect(out.stderr).toMatch(/^note: each folder is read on its own; a build naming files above it is analysed on neither side, and the report says nothing of it \(kustomization\.yaml:3 in .*overlays\/prod and .*overlays\/production\): diff the folders that hold the bases/m);
  });
});

describe('one overlay folder: list, explain and lint read it the same way', () => {
  it('lists, explains and lints the overlay with its base, citing the base', async () => {
    const co = await tempFolder(checkout(APPS), 'reachdiff-co-');
    const overlay = join(co, 'overlays/prod');
    const list = await main(['list', overlay]);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain('prod/api[Deployment]');
    expect(list.stderr).toMatch(/^note: \S+overlays\/prod names files above it: read \S*reachdiff-co-\S+ instead, narrowed with --path 'overlays\/prod\/\*\*' \(paths below are from that folder\)$/m);
    const explain = await main(['explain', overlay, '--from', 'prod/api', '--to', 'prod/api', '--port', '80/TCP']);
    expect(explain.stdout).toContain('(base/apps.yaml:14)');
    const lint = await main(['lint', overlay]);
    expect(lint.stdout).toContain('base/apps.yaml:');
    expect(lint.stderr).toContain('names files above it');
  });

  it('never climbs above a git repository’s top: the build fails there as kustomize’s would, and says so', async () => {
    const co = await tempFolder(checkout(APPS), 'reachdiff-co-');
    // overlays/ is a repository's top of its own: the base beside it is another checkout's.
    await mkdir(join(co, 'overlays/.git'));
    expect(await levelsAboveFolder(join(co, 'overlays/prod'))).toBe(2);
    expect(await widerRead([join(co, 'overlays/prod')], [])).toBeUndefined();
    const list = await main(['list', join(co, 'overlays/prod')]);
    expect(list.exitCode).toBe(2);
    expect(list.stderr).toContain('above the root read');
  });
});

describe('the levels climbed and the paths narrowed', () => {
  it('counts the steps the kustomizations reached from the folder take above it, bases’ own entries included', async () => {
    const top = await tempFolder({
      'r/a/b/kustomization.yaml': 'resources: [../../base, https://example.invalid/x?ref=v1, ./local.yaml, ../../../nowhere]\n',
      'r/a/b/local.yaml': '',
      'r/base/kustomization.yaml': 'components: [../../outside/component]\n',
      'r/a/b/c/kustomization.yaml': 'bases: [../../../base]\n',
      'outside/component/kustomization.yaml': 'kind: Component\n',
    }, 'reachdiff-levels-');
    const root = join(top, 'r');
    expect(await levelsAboveFolder(join(root, 'a/b'))).toBe(3);
    expect(await levelsAboveFolder(join(root, 'base'))).toBe(2);
    expect(await levelsAboveFolder(root)).toBe(1);
    const flat = await tempFolder({ 'kustomization.yaml': 'resources: [np.yaml, ./sub]\n', 'sub/kustomization.yaml': 'resources: [../np.yaml]\n' }, 'reachdiff-levels-');
    expect(await levelsAboveFolder(flat)).toBe(0);
  });

  it('narrows the globs given to the folder below the wider one', () => {
    expect(pathsBelow([], 'overlays/prod')).toEqual(['overlays/prod/**']);
    expect(pathsBelow(['./np/*.yaml', '**/*.yml'], 'overlays/prod')).toEqual(['overlays/prod/np/*.yaml', 'overlays/prod/**/*.yml']);
  });

  it('climbs both folders alike, only for folders, and not when they sit at different paths below', async () => {
    const r1 = await tempFolder(checkout(APPS), 'reachdiff-r1-');
    const r2 = await tempFolder(checkout(APPS), 'reachdiff-r2-');
    expect(await widerRead([join(r1, 'overlays/prod'), join(r2, 'overlays/prod')], ['np.yaml'])).toEqual({ given: [join(r1, 'overlays/prod'), join(r2, 'overlays/prod')], folders: [r1, r2], below: 'overlays/prod', paths: ['overlays/prod/np.yaml'] });
    expect(await widerRead([r1, r2], [])).toBeUndefined();
    expect(await widerRead(['HEAD~1', join(r2, 'overlays/prod')], [])).toBeUndefined();
  });
});
