/**
 * A controller object (Flux Kustomization, Argo CD Application) is cited at its document's first line of content,
 * not at a comment above it (`# yaml-language-server: $schema=…`, common in Flux repositories), as every other
 * object is (manifests/document-line.ts); and what finds its document again by that line (schema-types.ts
 * `fieldRef`, flux-edit.ts `committedWithPositions`) still finds it. Fixtures written here.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const SCHEMA = '# yaml-language-server: $schema=https://example.com/kustomization-kustomize-v1.json\n';
const OCI = 'apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata: {name: flux-manifests, namespace: flux-system}\nspec:\n  url: oci://ghcr.io/fluxcd/flux-manifests\n  ref: {tag: v2.2.0}\n';
/** The OCIRepository (lines 1–6), `---` (7), the comment (8), the Kustomization from line 9. */
const foreign = (prune: boolean) =>
  `${OCI}---\n${SCHEMA}apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: flux, namespace: flux-system}\nspec:\n  path: ./\n  prune: ${prune}\n  sourceRef: {kind: OCIRepository, name: flux-manifests}\n`;
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const SOURCE = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: https://github.com/acme/gitops\n';

describe('a controller object whose document opens with a comment', () => {
  it('a Flux Kustomization of another repository: its source note and its change note at its apiVersion line', async () => {
    const side = (prune: boolean): Files => ({ 'clusters/main/flux.yaml': foreign(prune), 'apps/web.yaml': DEPLOYMENT });
    const r = await analyzeTargets(asList(side(true)), asList(side(false)), { discover: { repoUrls: [URL] } });
    const at = (code: string) => r.notices.filter((n) => n.code === code && n.ref?.file === 'clusters/main/flux.yaml').map((n) => n.ref?.line);
    expect(at('EXTERNAL_SOURCE')).toEqual([9]);
    expect(at('OUTSIDE_TARGETS')).toEqual([9]);
  });

  it('a field the API server rejects: still cited at the field (its document found by the object\'s line)', async () => {
    const ks = `${SCHEMA}apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: [./apps]\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    const root = await tempFolder({ 'clusters/prod/apps.yaml': ks, 'clusters/prod/source.yaml': SOURCE, 'apps/app.yaml': DEPLOYMENT }, 'reachdiff-controller-lines-');
    const out = await main(['targets', root, '--format', 'json']);
    const json = JSON.parse(out.stdout) as { notices: { code: string; ref?: { file: string; line: number } }[] };
    expect(json.notices.filter((n) => n.code === 'MISSING_ROOT').map((n) => n.ref)).toEqual([{ file: 'clusters/prod/apps.yaml', line: 6 }]);
  });
});
