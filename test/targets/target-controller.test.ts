/**
 * Discovery gives each Flux and Argo CD target its controller object as data (kind, namespace, name, position:
 * TargetSpec `controller`), and a failing build names that object from it, not from the target's `why` (a line
 * written for people, which other steps reword): the whole-target failure still names the controller and its
 * position when the `why` says something else.
 */
import { discoverTargets } from '../../src/targets/discover.js';
import { failedTargets } from '../../src/targets/failed-targets.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex } from '../../src/targets/target-files.js';
import type { Diagnostic } from '../../src/manifests/diagnostics.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));
const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n';
const flux = (name: string, path: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;

describe('the controller object of a target, as discovery read it', () => {
  it('Flux Kustomizations: kind, namespace, name and the document\'s first line', () => {
    const sel = discoverTargets(repo({ 'clusters/prod/apps.yaml': `${flux('db', './apps/db')}---\n${flux('web', './apps/web')}`, 'apps/web/d.yaml': DEPLOY, 'apps/db/d.yaml': DEPLOY }));
    expect(sel.targets.map((t) => t.controller)).toEqual([
      { kind: 'FluxKustomization', namespace: 'flux-system', name: 'db', ref: { file: 'clusters/prod/apps.yaml', line: 1 } },
      { kind: 'FluxKustomization', namespace: 'flux-system', name: 'web', ref: { file: 'clusters/prod/apps.yaml', line: 10 } },
    ]);
    // The text for people is unchanged.
    expect(sel.targets.map((t) => t.why)).toEqual(['Flux Kustomization db (clusters/prod/apps.yaml:1)', 'Flux Kustomization web (clusters/prod/apps.yaml:10)']);
  });

  it('Argo CD: an Application, and one an ApplicationSet generates (at the set\'s position, the set named)', () => {
    const app = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web, namespace: argocd}\nspec:\n  source: {repoURL: https://github.com/acme/gitops, path: apps/web}\n  destination: {name: prod, namespace: shop}\n`;
    const set = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata: {name: apps, namespace: argocd}',
      'spec:',
      '  goTemplate: true',
      '  generators:',
      '    - git: {repoURL: https://github.com/acme/gitops, revision: HEAD, directories: [{path: "apps/*"}]}',
      '  template:',
      '    metadata: {name: "{{.path.basename}}-set"}',
      '    spec:',
      '      source: {repoURL: https://github.com/acme/gitops, path: "{{.path.path}}"}',
      '      destination: {name: prod, namespace: shop}',
      '',
    ].join('\n');
    const sel = discoverTargets(repo({ 'argo/web.yaml': app, 'argo/set.yaml': set, 'apps/web/d.yaml': DEPLOY }));
    expect(Object.fromEntries(sel.targets.map((t) => [t.name, t.controller]))).toEqual({
      web: { kind: 'Application', namespace: 'argocd', name: 'web', ref: { file: 'argo/web.yaml', line: 1 } },
      'web-set': { kind: 'Application', name: 'web-set', ref: { file: 'argo/set.yaml', line: 1 }, generatedBy: 'apps' },
    });
  });

  it('a failing build names the controller from that field, whatever the why says', () => {
    const files = { 'clusters/prod/apps.yaml': flux('apps', './apps'), 'apps/web/d.yaml': DEPLOY, 'apps/web/pol.yaml': 'x: [\n' };
    const side = sideIndex(repo(files));
    const specs = discoverTargets(side).targets.map((t) => ({ ...t, why: 'reworded for people (see the notes)' }));
    const broken: Diagnostic = { severity: 'error', code: 'YAML_SYNTAX', message: 'cannot parse: unexpected end of the stream', ref: { file: 'apps/web/pol.yaml', line: 2 } };
    const out = failedTargets('prod', [], [broken], [], specs, specs, { head: side, base: side }, new Set(['apps/web/pol.yaml']), []);
    expect(out.map((n) => n.wholeTarget && { controller: n.wholeTarget.controller, ref: n.wholeTarget.ref })).toEqual([{ controller: 'Flux Kustomization apps', ref: { file: 'clusters/prod/apps.yaml', line: 1 } }]);
  });
});
