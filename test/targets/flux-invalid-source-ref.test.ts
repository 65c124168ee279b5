/**
 * A Flux Kustomization whose `spec.sourceRef` is missing, or names no kind or no name, is rejected by the
 * cluster: both fields are required and Flux defaults neither (kustomize.toolkit.fluxcd.io/v1, "Source
 * reference"). It used to be read as a GitRepository, told as `source GitRepository ? is not defined in
 * this repository`; it is now a warning naming what is missing, at the object's file and line, and it is
 * no target and builds nothing.
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/cluster';
const SOURCE = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, sourceRef: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ./apps/${name}\n  prune: true\n${sourceRef}`;
const DEPLOY = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: default}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
const tree = (second: string): Files => ({
  'clusters/prod/sync.yaml': `${SOURCE}---\n${ks('web', '  sourceRef: {kind: GitRepository, name: flux-system}\n')}---\n${second}`,
  'apps/web/deploy.yaml': DEPLOY('web'),
  'apps/api/deploy.yaml': DEPLOY('api'),
});
const repo = (map: Files) => new RepoFiles(Object.entries(map).map(([path, text]) => ({ path, text })));
const told = (notices: readonly { code: string; message: string; ref?: { file: string; line: number } }[]) => notices.filter((n) => n.code === 'INVALID_SOURCE_REF' || n.code === 'EXTERNAL_SOURCE').map((n) => [n.code, n.message, n.ref?.file, n.ref?.line]);

describe('a Flux Kustomization without a valid spec.sourceRef', () => {
  it.each([
    ['missing', '', 'spec.sourceRef is missing'],
    ['without a kind', '  sourceRef: {name: flux-system}\n', 'spec.sourceRef names no kind (name flux-system)'],
    ['without a name', '  sourceRef: {kind: GitRepository}\n', 'spec.sourceRef names no name (kind GitRepository)'],
    ['empty', '  sourceRef: {}\n', 'spec.sourceRef names neither a kind nor a name'],
    ['of a kind that is no source', '  sourceRef: {kind: HelmRepository, name: charts}\n', 'spec.sourceRef.kind HelmRepository is not a source kind'],
  ])('%s: a warning at its file and line, no target, no `GitRepository ?`', (_, sourceRef, what) => {
    for (const repoUrls of [[URL], []]) {
      const sel = discoverTargets(repo(tree(ks('api', sourceRef))), { repoUrls });
      expect(sel.targets.map((t) => t.name)).toEqual(['web']);
      expect(told(sel.notices)).toEqual([
        ['INVALID_SOURCE_REF', `Flux Kustomization flux-system/api: ${what}; Flux requires both sourceRef.kind (GitRepository, OCIRepository, Bucket, ExternalArtifact) and sourceRef.name and defaults neither, so the cluster rejects this Kustomization and it deploys nothing; not analysed`, 'clusters/prod/sync.yaml', 16],
      ]);
      expect(JSON.stringify(sel.notices)).not.toContain('?');
    }
  });

  it('a valid one beside it is still a target (control)', () => {
    const sel = discoverTargets(repo(tree(ks('api', '  sourceRef: {kind: GitRepository, name: flux-system}\n'))), { repoUrls: [URL] });
    expect(sel.targets.map((t) => t.name)).toEqual(['web', 'api']);
    expect(told(sel.notices)).toEqual([]);
  });
});
