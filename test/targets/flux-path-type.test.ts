/**
 * A Flux Kustomization whose `spec.path` is not a string (a list, a mapping: the CRD's schema says
 * string) is rejected by the API server, so it deploys nothing: a MISSING_ROOT notice at the path's line says so (targets/schema-types.ts, shared with Argo CD)
 * and it is no target. Before, the value was read as absent, the source's root: the whole repository
 * became its target without a word (found while fixing what the bad-input property found,
 * test/property/bad-input.test.ts; a mutation wrapping the path in a list).
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n';
const SOURCE = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: https://github.com/acme/gitops\n';
const flux = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;

let root: string;
afterAll(() => rm(root, { recursive: true, force: true }));

it('a path that is a list: a notice at its line, no target; the other Kustomization is analysed', async () => {
  root = await tempFolder({ 'clusters/prod/apps.yaml': `${flux('apps', '[./apps]')}---\n${flux('web', './web')}`, 'clusters/prod/source.yaml': SOURCE, 'apps/app.yaml': APP, 'web/app.yaml': APP.replace('api', 'web') }, 'reachdiff-flux-path-');
  const out = await main(['targets', root, '--format', 'json']);
  const json = JSON.parse(out.stdout) as { targets: { name: string }[]; notices: unknown[] };
  expect(json.targets.map((t) => t.name)).toEqual(['web']);
  expect(json.notices).toContainEqual({ code: 'MISSING_ROOT', message: 'Flux Kustomization apps: spec.path ["./apps"] is not a string: the API server rejects this Kustomization, so it deploys nothing; not analysed', ref: { file: 'clusters/prod/apps.yaml', line: 5 } });
});
