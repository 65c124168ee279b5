/**
 * One rule for the paths every command prints (docs/cli.md, "Roots, --path and the configuration"):
 * relative to the root read, a folder argument being its own root, the same in `list`, `lint` and
 * `diff`, in text, Markdown and JSON (new-user 32, item 10, found `lint k8s` saying `svc.yaml:6`; so do
 * list and diff, as promised). SARIF alone puts the folder in front (code scanning resolves against the
 * repository root; test/report/sarif tests).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

let root: string;
beforeAll(async () => {
  const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n';
  root = await tempFolder({
    'old/app.yaml': app,
    'k8s/app.yaml': app,
    'k8s/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: web}\nspec:\n  selector: {app: api}\n  ports:\n  - port: 70000\n',
  }, 'reachdiff-path-roots-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('list, lint and diff (head: the folder; base without the file) of a folder name its files relative to it, in every format but SARIF', async () => {
  const k8s = join(root, 'k8s');
  const runs = [['list', k8s], ['lint', k8s], ['diff', join(root, 'old'), k8s]];
  for (const argv of runs) {
    for (const format of ['text', 'md', 'json']) {
      const out = await main([...argv, '--format', format]);
      const text = out.stdout + out.stderr;
      expect([argv[0], format, /\bsvc\.yaml"?:\s*"?/.test(text) || text.includes('"file": "svc.yaml"')]).toEqual([argv[0], format, true]);
      expect([argv[0], format, text.includes('k8s/svc.yaml')]).toEqual([argv[0], format, false]);
    }
  }
});
