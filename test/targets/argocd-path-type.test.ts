/**
 * An Argo CD Application whose source path (`spec.source.path`, `spec.sources[i].path`) or another field the
 * CRD types a string is not one (a list, a number) is refused by the API server, so it deploys nothing: a
 * MISSING_ROOT notice at that field's line says so, through the one check every controller reader uses
 * (targets/schema-types.ts; Flux's spec.path takes it too). Before, the path read as absent and the source
 * was called "chart ? from https://github.com/acme/gitops … not in this repository": untrue, and no line.
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n';
const application = (name: string, source: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  destination: {server: https://kubernetes.default.svc, namespace: web}\n${source}`;

let root: string;
afterEach(() => rm(root, { recursive: true, force: true }));

async function notices(files: Record<string, string>): Promise<{ targets: string[]; notices: unknown[] }> {
  root = await tempFolder(files, 'reachdiff-argo-path-');
  const out = await main(['targets', root, '--format', 'json']);
  const json = JSON.parse(out.stdout) as { targets: { name: string }[]; notices: unknown[] };
  return { targets: json.targets.map((t) => t.name), notices: json.notices };
}

it('spec.source.path a list, spec.sources[0].path a number: a notice at each path line, no target; a good Application is analysed', async () => {
  const bad = application('web', '  source:\n    repoURL: https://github.com/acme/gitops\n    path:\n      - apps/web\n');
  const number = application('api', '  sources:\n    - repoURL: https://github.com/acme/gitops\n      path: 42\n');
  const good = application('shop', '  source: {repoURL: https://github.com/acme/gitops, path: apps/shop}\n');
  const out = await notices({ 'argo/apps.yaml': `${bad}---\n${number}---\n${good}`, 'apps/web/app.yaml': APP, 'apps/shop/app.yaml': APP.replace(/api/g, 'shop') });
  expect(out.targets).toEqual(['shop']);
  expect(out.notices).toContainEqual({ code: 'MISSING_ROOT', message: 'Application web: spec.source.path ["apps/web"] is not a string: the API server rejects this Application, so it deploys nothing; not analysed', ref: { file: 'argo/apps.yaml', line: 8 } });
  expect(out.notices).toContainEqual({ code: 'MISSING_ROOT', message: 'Application api: spec.sources[0].path 42 is not a string: the API server rejects this Application, so it deploys nothing; not analysed', ref: { file: 'argo/apps.yaml', line: 18 } });
  expect(JSON.stringify(out.notices)).not.toContain('chart ?');
});

it('the source itself of another type (spec.source a string, an item of spec.sources a string): the same notice at its line', async () => {
  const text = application('web', '  source: apps/web\n') + '---\n' + application('api', '  sources:\n    - apps/web\n');
  const out = await notices({ 'argo/apps.yaml': text, 'apps/web/app.yaml': APP });
  expect(out.notices).toContainEqual(expect.objectContaining({ message: 'Application web: spec.source apps/web is not a mapping: the API server rejects this Application, so it deploys nothing; not analysed', ref: { file: 'argo/apps.yaml', line: 6 } }));
  expect(out.notices).toContainEqual(expect.objectContaining({ message: 'Application api: spec.sources[0] apps/web is not a mapping: the API server rejects this Application, so it deploys nothing; not analysed', ref: { file: 'argo/apps.yaml', line: 13 } }));
});
