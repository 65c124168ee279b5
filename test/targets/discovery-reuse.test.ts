/**
 * Target discovery of both sides of a change reuses what the first side's discovery found out about the files
 * the sides share (head's unchanged files are base's objects: shared-files.ts): each text's facts
 * (text-facts.ts), each text's object identities and their keys (object-identities.ts), each path's reason
 * not to be read (non-manifest.ts). The selections must be those of each side discovered from scratch, on
 * random repositories of kustomizations, Flux Kustomizations, Argo CD Applications and plain folders, with
 * files kept, edited, removed and added. And the quick tests that spare most paths and texts a scan
 * (retired folders, fixture trees, never-manifest globs, controller groups) answer as the scans they spare.
 */
import fc from 'fast-check';
import picomatch from 'picomatch';
import type { ManifestFile } from '../../src/manifests/load.js';
import type { DiscoverOptions } from '../../src/targets/discover.js';
import { discoverSides, discoverTargets } from '../../src/targets/discover.js';
import { fixtureTree } from '../../src/targets/fixture-trees.js';
import { mentionsController } from '../../src/targets/controller-objects.js';
import { clearIdentityScans, decidingObjects, definedObjects } from '../../src/targets/object-identities.js';
import { clearPathReasons, NEVER_GLOBS, NEVER_MARKS, skipReason } from '../../src/targets/non-manifest.js';
import { isHelmfileState } from '../../src/targets/helmfile.js';
import { isKustomizationPath } from '../../src/kustomize/file-set.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { retiredFolder } from '../../src/targets/retired-folders.js';
import { sharedFiles } from '../../src/targets/shared-files.js';
import { keptDiscovery } from '../../src/targets/side-reuse.js';
import type { SideIndex } from '../../src/targets/target-files.js';
import { sideIndex } from '../../src/targets/target-files.js';
import { clearTextFacts } from '../../src/targets/text-facts.js';
import type { TargetSelection } from '../../src/targets/types.js';
import { params } from '../property/harness.js';

const REPO = 'https://github.com/acme/gitops';

/** A Deployment; `ns` '': namespace-less (`namespaceFromPath` or the default namespace decides). */
const deployment = (name: string, ns: string, image = 'nginx') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: c\n          image: ${image}\n`;
const policy = (name: string, ns: string, from = 'api') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ${from}\n`;
const kustomization = (...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
const fluxKustomization = (name: string, path: string, extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n${extra}`;
const gitRepository = (branch = 'main') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m\n  url: ${REPO}\n  ref:\n    branch: ${branch}\n`;
const application = (name: string, path: string, repo = REPO) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: ${repo}\n    path: ${path}\n    targetRevision: main\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: shop\n`;

/** Each path with the texts a file there may hold (its versions): an edit picks another. */
const FILES: Readonly<Record<string, readonly string[]>> = {
  'apps/web/kustomization.yaml': [kustomization('deployment.yaml', 'policy.yaml'), kustomization('deployment.yaml'), kustomization('deployment.yaml', 'policy.yaml', 'extra.yaml')],
  'apps/web/deployment.yaml': [deployment('web', 'shop'), deployment('web', 'shop', 'nginx:2')],
  'apps/web/policy.yaml': [policy('allow-web', 'shop'), policy('allow-web', 'shop', 'front')],
  'apps/web/extra.yaml': [deployment('extra', 'shop'), policy('extra', 'shop')],
  'apps/api/kustomization.yaml': [kustomization('deploy.yaml'), kustomization('deploy.yaml', '../web')],
  'apps/api/deploy.yaml': [deployment('api', 'shop'), deployment('api', 'pay')],
  'clusters/prod/apps.yaml': [fluxKustomization('apps', './apps/web'), fluxKustomization('apps', './apps/api'), fluxKustomization('apps', './apps/gone'), `${fluxKustomization('apps', './apps/web')}---\n${fluxKustomization('api', './apps/api')}`],
  'clusters/prod/flux-system/gotk-sync.yaml': [`${gitRepository()}---\n${fluxKustomization('flux-system', './clusters/prod')}`, `${gitRepository('release')}---\n${fluxKustomization('flux-system', './clusters/prod')}`],
  'argo/web.yaml': [application('web', 'apps/web'), application('web', 'apps/api'), application('web', 'apps/web', 'https://github.com/acme/other'), application('web', 'plain')],
  'plain/ns.yaml': ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: pay\n'],
  'plain/deny.yaml': [policy('deny', 'shop'), policy('deny', 'pay'), 'settings:\n  sync: true\n'],
  'plain/web.yaml': [deployment('web', 'shop'), deployment('front', 'shop'), deployment('web', '')],
  'plain/v2/web.yaml': [deployment('web', 'shop'), deployment('web', 'shop', 'nginx:2'), deployment('other', 'shop'), deployment('web', '')],
  'plain/v3/web.yaml': [deployment('web', ''), deployment('web', 'v2')],
  'plain/crlf.yaml': [deployment('cr', 'shop').replace(/\n/g, '\r'), deployment('cr', 'shop').replace(/\n/g, '\r\n')],
  'archive/old/ks.yaml': [fluxKustomization('old', './archive/old/app')],
  'archive/old/app/deploy.yaml': [deployment('old', 'shop')],
  'test/fixtures/app.yaml': [deployment('fixture', 'shop')],
  'vendor/x/policy.yaml': [policy('vendored', 'shop')],
  'charts/shop/values.yaml': ['replicas: 2\n', 'replicas: 3\n'],
  '.github/workflows/ci.yaml': ['on: push\njobs: {}\n'],
  'templates/p.yaml': [policy('t', '${namespace}')],
  'secret.yaml': ['apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: shop\ndata:\n  k: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:def]\n'],
  'tool.yaml': ['settings:\n  enabled: true\n'],
};
const PATHS = Object.keys(FILES);

/** A repository: path → which of its texts. */
type Repo = ReadonlyMap<string, number>;

const repoArb: fc.Arbitrary<Repo> = fc.uniqueArray(fc.tuple(fc.constantFrom(...PATHS), fc.nat({ max: 3 })), { selector: ([p]) => p, minLength: 2, maxLength: 12 }).map((entries) => new Map(entries.map(([p, v]) => [p, v % FILES[p].length])));

/** Head from base: each file kept, edited (another of its texts) or removed; files of other paths added. */
const headArb = (base: Repo): fc.Arbitrary<Repo> =>
  fc.tuple(fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 3 })), { minLength: base.size, maxLength: base.size }), fc.uniqueArray(fc.tuple(fc.constantFrom(...PATHS), fc.nat({ max: 3 })), { selector: ([p]) => p, maxLength: 3 })).map(([edits, added]) => {
    const head = new Map<string, number>();
    [...base].forEach(([path, v], i) => {
      const [how, other] = edits[i];
      if (how <= 1) head.set(path, v);
      else if (how === 2) head.set(path, other % FILES[path].length);
    });
    for (const [path, v] of added) if (!head.has(path)) head.set(path, v % FILES[path].length);
    return head;
  });

/** A side's files as read on their own: fresh objects, each text a distinct string (two revisions' blobs). */
const filesOf = (repo: Repo): ManifestFile[] => [...repo].map(([path, v]) => ({ path, text: FILES[path][v].split('').join('') }));

/** Every answer discovery keeps between sides and runs forgotten. */
function clearAnswers(): void {
  clearTextFacts();
  clearIdentityScans();
  clearPathReasons();
}

/** A selection as JSON, sets and maps as arrays. */
const json = (sel: TargetSelection): string => JSON.stringify(sel, (_k, v: unknown) => (v instanceof Set ? [...(v as Set<unknown>)] : v instanceof Map ? [...(v as Map<unknown, unknown>)] : v));

const OPTIONS: readonly DiscoverOptions[] = [{}, { repoUrls: [REPO], branch: 'main' }, { namespaceFromPath: 'plain/{namespace}/**' }];

/**
 * Both sides' selections discovered as a diff discovers them (head's unchanged files base's objects, answers kept
 * across the sides; twice, the second time on every answer kept) against each side's discovered from scratch.
 */
function expectReuseAsScratch(base: Repo, head: Repo, options: DiscoverOptions): void {
  // From scratch: every call of one side's discovery starts with nothing kept, on the side's own file objects and strings.
  const fresh = (side: SideIndex) => sideIndex(new RepoFiles(side.files.files.map((f) => ({ ...f, text: f.text.split('').join('') }))));
  const scratch = (side: SideIndex, o: DiscoverOptions) => {
    clearAnswers();
    return discoverTargets(fresh(side), o);
  };
  const [b, h] = [filesOf(base), filesOf(head)];
  const [headScratch, baseScratch] = discoverSides(sideIndex(new RepoFiles(h)), sideIndex(new RepoFiles(b)), options, scratch);
  clearAnswers();
  for (let run = 0; run < 2; run++) {
    const [b2, h2] = [filesOf(base), filesOf(head)];
    const [headSel, baseSel] = discoverSides(sideIndex(new RepoFiles(sharedFiles(b2, h2))), sideIndex(new RepoFiles(b2)), options, keptDiscovery);
    expect(json(headSel)).toBe(json(headScratch));
    expect(json(baseSel)).toBe(json(baseScratch));
  }
}

describe('discovery of both sides, with answers kept across them', () => {
  it('selects what each side discovered from scratch selects', () => {
    fc.assert(
      fc.property(repoArb.chain((base) => headArb(base).map((head) => [base, head] as const)), fc.constantFrom(...OPTIONS), ([base, head], options) => expectReuseAsScratch(base, head, options)),
      params(150),
    );
  }, 120_000);

  it('reads a text moved to a folder of another namespace with that namespace', () => {
    // Head's namespace-less web is keyed v2/web first; base's copy of that text, outside the pattern, is //web: no alternative of v3's.
    const base = new Map([['plain/web.yaml', 2], ['plain/v3/web.yaml', 1], ['plain/ns.yaml', 0]]);
    const head = new Map([['plain/v2/web.yaml', 3], ['plain/v3/web.yaml', 1], ['plain/ns.yaml', 0]]);
    expectReuseAsScratch(base, head, { namespaceFromPath: 'plain/{namespace}/**' });
  });

  it('follows an edited kustomization, Flux Kustomization and Argo CD Application', () => {
    const layout = new Map([['apps/web/kustomization.yaml', 0], ['apps/web/deployment.yaml', 0], ['apps/web/policy.yaml', 0], ['apps/api/kustomization.yaml', 0], ['apps/api/deploy.yaml', 0], ['plain/deny.yaml', 0]]);
    expectReuseAsScratch(layout, new Map([...layout, ['apps/api/kustomization.yaml', 1]]), {});
    const flux = new Map([...layout, ['clusters/prod/apps.yaml', 0], ['clusters/prod/flux-system/gotk-sync.yaml', 0]]);
    expectReuseAsScratch(flux, new Map([...flux, ['clusters/prod/apps.yaml', 3]]), { repoUrls: [REPO], branch: 'main' });
    expectReuseAsScratch(flux, new Map([...flux, ['clusters/prod/flux-system/gotk-sync.yaml', 1]]), { repoUrls: [REPO], branch: 'main' });
    const argo = new Map([...layout, ['argo/web.yaml', 0]]);
    expectReuseAsScratch(argo, new Map([...argo, ['argo/web.yaml', 2]]), {});
    expectReuseAsScratch(new Map([...argo, ['archive/old/ks.yaml', 0], ['archive/old/app/deploy.yaml', 0]]), argo, {});
  });
});

/** Paths of segments that are, contain or nearly are the names the quick tests look for. */
const SEGMENTS = ['archive', '.archive', '_Archive', 'archived', 'archives', 'xarchive', 'test', 'tests', 'e2e', 'conformance', 'vendor', 'testdata', '__fixtures__', '__tests__', 'fixtures', 'node_modules', 'apps', 'a', '.github', '.gitlab', '.circleci', 'charts', 'helmfile.d', 'HelmFile.d', ''];
const NAMES = ['x.yaml', 'values.yaml', 'values-prod.yml', 'Chart.yaml', 'Chart.lock', 'package.json', 'package-lock.json', 'tsconfig.base.json', 'renovate.json', '.pre-commit-config.yaml', '.yamllint', 'docker-compose.yml', 'compose.yaml', '.sops.yaml', 'mkdocs.yml', 'a.gotmpl', 'main.tf', 'x.jsonnet', 'x.libsonnet', 'x.cue', '.sourceignore', '.gitlab-ci.yml', 'helmfile.yaml', 'Helmfile-Prod.YML', 'HELMFILE.yaml.gotmpl', 'helmfiles.yaml', 'kustomization.yaml', 'archive', 'test', 'valuesx.yaml', 'my-values.yaml', 'tf.yaml', 'cue.yaml'];
const pathArb = fc.tuple(fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 }), fc.constantFrom(...NAMES)).map(([dirs, name]) => [...dirs, name].join('/'));

/** What `retiredFolder` answered by splitting the path (the outermost folder named `archive`, `.archive`, `_archive`, `archived`). */
function retiredBySplit(path: string): string | undefined {
  const folders = path.split('/').slice(0, -1);
  const at = folders.findIndex((f) => /^[._]?archived?$/i.test(f));
  return at < 0 ? undefined : `${folders.slice(0, at + 1).join('/')}/`;
}

/** Go folders that make no path a Go package's: `fixtureTree` then takes its full way, past the quick test. */
const NO_GO_PACKAGE = { sources: new Set(['\u0000none']), modules: new Set<string>() };

describe('quick tests before scans', () => {
  it('finds the retired folder the split path names', () => {
    fc.assert(fc.property(pathArb, (path) => expect(retiredFolder(path)).toBe(retiredBySplit(path))), params(2000));
  });

  it('finds the fixture tree the split path names', () => {
    fc.assert(fc.property(pathArb, (path) => expect(fixtureTree(path)).toBe(fixtureTree(path, NO_GO_PACKAGE))), params(2000));
    expect(fixtureTree('test/x.yaml')).toBe('test/');
    expect(fixtureTree('apps/test/x.yaml')).toBeUndefined();
    expect(fixtureTree('apps/vendor/lib/x.yaml')).toBe('apps/vendor/');
  });

  it('tells a never-manifest path as the globs do', () => {
    const never = picomatch([...NEVER_GLOBS], { dot: true });
    clearPathReasons();
    fc.assert(
      fc.property(pathArb, (path) => {
        const expected = isKustomizationPath(path) ? 'kustomization' : never(path) || isHelmfileState(path) ? 'not-a-manifest' : undefined;
        expect(skipReason(path, '', [])).toBe(expected);
      }),
      params(2000),
    );
    // Each glob spells out a mark: a path holding no mark is matched by none.
    for (const glob of NEVER_GLOBS) expect(NEVER_MARKS.some((m) => glob.includes(m))).toBe(true);
  });

  it('tells a text naming a controller group as the expression does', () => {
    const pieces = ['argoproj.io/', 'fluxcd.io/', 'j.io/', 'argoproj.io', 'xargoproj.io/', ' ', '\n', 'apiVersion: ', 'kind: Application'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 6 }), (parts) => {
        const text = parts.join('');
        expect(mentionsController(text)).toBe(/\b(argoproj\.io|fluxcd\.io)\//.test(text));
      }),
      params(2000),
    );
  });

  it('reads the objects of a text with lone `\\r` line ends, and keeps the deciding ones once', () => {
    clearIdentityScans();
    const cr = 'kind: Deployment\rmetadata:\r  name: a\r  namespace: n\r---\rkind: ConfigMap\rmetadata:\r  name: b\r';
    // Read by the parser (the line scan reads `\n` lines only).
    expect(definedObjects(cr, undefined).map((d) => d.key)).toContain('Deployment/n/a');
    const lf = cr.replace(/\r/g, '\n');
    const first = definedObjects(lf, undefined);
    expect(first.map((d) => [d.key, d.deciding])).toEqual([
      ['Deployment/n/a', true],
      ['ConfigMap//b', false],
    ]);
    expect(definedObjects(lf, undefined)).toBe(first);
    expect(decidingObjects(lf, undefined).map((d) => d.key)).toEqual(['Deployment/n/a']);
    expect(decidingObjects(lf, undefined)).toBe(decidingObjects(lf, undefined));
  });
});
