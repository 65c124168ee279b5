/**
 * Head's unchanged files made base's very objects (targets/shared-files.ts): the replacement holds the same
 * fields as the file it replaces, and a whole `diff` reads the same with it as without it, on random base/head
 * repositories whose files exercise discovery's per-text facts (text-facts.ts): controller objects, a Flux
 * Operator sync, a Config Sync cluster annotation, patch files, templates, an encrypted file, alternative
 * bundles, YAML holding no object; kept, edited, removed, added, and texts moved between paths.
 */
import fc from 'fast-check';
import type { ManifestFile } from '../../src/manifests/load.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { sharedFiles } from '../../src/targets/shared-files.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { params } from '../property/harness.js';

/** A copy of `text` in a distinct string, as two git revisions' blobs are read. */
const distinct = (text: string): string => text.split('').join('');

const fileArb: fc.Arbitrary<ManifestFile> = fc
  .record({ path: fc.constantFrom('a.yaml', 'b.yaml', 'c/d.yaml', 'e.yaml'), text: fc.constantFrom('x: 1\n', 'y: 2\n', 'kind: Namespace\n'), ns: fc.option(fc.constantFrom('shop', 'pay'), { nil: undefined }), build: fc.option(fc.constantFrom('k1', 'k2'), { nil: undefined }) })
  .map(({ path, text, ns, build }) => ({ path, text, ...(ns !== undefined ? { defaultNamespace: ns } : {}), ...(build !== undefined ? { build } : {}) }));

describe('shared files', () => {
  it('replaces a head file by base’s only when they hold the same fields, and keeps head’s order', () => {
    const emptied = new Map([[1, ['a']]]);
    fc.assert(
      fc.property(fc.uniqueArray(fileArb, { selector: (f) => f.path, maxLength: 4 }), fc.uniqueArray(fileArb, { selector: (f) => f.path, maxLength: 4 }), fc.boolean(), (base, head0, sameEmptied) => {
        // A field holding an object: shared only when it is the very same object.
        const base1 = base.map((f) => (f.path === 'a.yaml' ? { ...f, emptied } : f));
        const head = head0.map((f) => ({ ...(f.path === 'a.yaml' ? { ...f, emptied: sameEmptied ? emptied : new Map(emptied) } : f), text: distinct(f.text) }));
        const out = sharedFiles(base1, head);
        expect(out.length).toBe(head.length);
        out.forEach((f, i) => {
          const b = base1.find((x) => x.path === head[i].path);
          const same = b !== undefined && b.text === head[i].text && JSON.stringify(Object.entries(b).sort()) === JSON.stringify(Object.entries(head[i]).sort()) && (b.emptied === undefined || b.emptied === head[i].emptied);
          expect(f).toBe(same ? b : head[i]);
          expect({ ...f }).toEqual({ ...head[i] });
        });
      }),
      params(500),
    );
  });

  it('returns head itself when it shares no file with base', () => {
    const head = [{ path: 'a.yaml', text: 'x: 1\n' }];
    expect(sharedFiles([{ path: 'a.yaml', text: 'x: 2\n' }], head)).toBe(head);
  });
});

/** Files of a small repository, each drawn from texts that discovery tells apart by content. */
const TEXTS: readonly string[] = [
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: a\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: c\n          image: nginx\n          ports:\n            - containerPort: 8080\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: c\n          image: api\n',
  // A patch of web: no selector, no image.
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          resources: {}\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-web\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: api\n',
  // A template: its namespace is a placeholder.
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: t\n  namespace: ${namespace}\nspec:\n  podSelector: {}\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: shop\ndata:\n  k: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:def]\n',
  'settings:\n  sync: true\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: shop\n  annotations:\n    configmanagement.gke.io/cluster-selector: prod\n',
  'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://github.com/acme/gitops\n    path: apps\n  destination:\n    namespace: shop\n',
  'apiVersion: fluxcd.controlplane.io/v1\nkind: FluxInstance\nmetadata:\n  name: flux\n  namespace: flux-system\nspec:\n  sync:\n    kind: GitRepository\n    url: https://github.com/acme/gitops\n    path: apps\n',
];
const PATHS = ['apps/web.yaml', 'apps/api.yaml', 'apps/policy.yaml', 'apps/web-patch.yaml', 'apps/v2/web.yaml', 'other/web.yaml', 'templates/p.yaml', 'secret.yaml', 'tool.yaml', 'argo/app.yaml', 'flux/instance.yaml'];

/** A repository: some paths, each with a text; the controller objects rarer, so most cases are read from the layout. */
const repoArb: fc.Arbitrary<Map<string, number>> = fc
  .array(fc.tuple(fc.constantFrom(...PATHS), fc.oneof({ weight: 9, arbitrary: fc.nat({ max: 9 }) }, { weight: 1, arbitrary: fc.constantFrom(10, 11) })), { minLength: 2, maxLength: 9 })
  .map((entries) => new Map(entries));

/** Head from base: each file kept, edited (another text), removed, or its text moved to another path; files added. */
const headArb = (base: Map<string, number>): fc.Arbitrary<Map<string, number>> =>
  fc.tuple(fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 9 }), fc.constantFrom(...PATHS)), { minLength: base.size, maxLength: base.size }), fc.array(fc.tuple(fc.constantFrom(...PATHS), fc.nat({ max: 11 })), { maxLength: 2 })).map(([edits, added]) => {
    const head = new Map<string, number>();
    [...base].forEach(([path, text], i) => {
      const [how, other, to] = edits[i];
      if (how === 0 || how === 3) head.set(path, text);
      else if (how === 1) head.set(path, other);
      else head.set(to, text);
    });
    for (const [path, text] of added) if (!head.has(path)) head.set(path, text);
    return head;
  });

const filesOf = (repo: Map<string, number>): ManifestFile[] => [...repo].map(([path, text]) => ({ path, text: distinct(TEXTS[text]) }));

/** The same files as objects the sharing never takes for base's (another prototype): head read apart from base. */
const NOT_SHARED = Object.freeze({});
const apart = (files: readonly ManifestFile[]): ManifestFile[] => files.map((f) => Object.assign(Object.create(NOT_SHARED) as ManifestFile, f));

describe('a whole diff with head’s unchanged files shared', () => {
  it('reads the same as with head’s files read apart from base’s', async () => {
    await fc.assert(
      fc.asyncProperty(repoArb.chain((base) => headArb(base).map((head) => [base, head] as const)), async ([base, head]) => {
        const [b, h] = [filesOf(base), filesOf(head)];
        const readApart = apart(h);
        expect(sharedFiles(b, readApart)).toBe(readApart);
        clearWarmState();
        const shared = targetsJson(await analyzeTargets(b, h));
        clearWarmState();
        const alone = targetsJson(await analyzeTargets(b, readApart));
        expect(shared).toBe(alone);
      }),
      params(40),
    );
  }, 120_000);
});
