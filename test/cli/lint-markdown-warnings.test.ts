/**
 * Markdown output holds its warnings, for every command: `lint --format md` writes the warnings that are
 * no finding (a kind reachdiff does not model, a peer it cannot analyse, an Ingress backend no manifest defines) in a **Warnings** section of
 * stdout, as `list --format md` and `diff --format md` (the PR comment) do; text, SARIF and the pictures
 * keep them on stderr (docs/output-formats.md). Before, lint's Markdown sent them to stderr (new-user 32, item 11).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

let root: string;
beforeAll(async () => {
  root = await tempFolder({
    'app.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n',
    // A warning that is no finding: the Ingress's backend Service is in no manifest.
    'ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: w, namespace: web}\nspec:\n  defaultBackend:\n    service: {name: nope, port: {number: 80}}\n',
  }, 'reachdiff-lint-md-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('lint --format md puts the warnings in a Warnings section of stdout, exactly as list --format md does', async () => {
  const lint = await main(['lint', root, '--format', 'md']);
  const list = await main(['list', root, '--format', 'md']);
  expect(lint.stderr).toBe('');
  expect(list.stderr).toBe('');
  const section = (md: string) => md.slice(md.indexOf('\n**Warnings**'));
  expect(section(lint.stdout)).toMatch(/^\n\*\*Warnings\*\*\n\n- ingress\.yaml:5: warning: .*Service "nope".*\n$/);
  expect(section(lint.stdout)).toBe(section(list.stdout));
});

it('lint --format text and sarif keep them on stderr', async () => {
  for (const format of ['text', 'sarif']) {
    const out = await main(['lint', join(root), '--format', format]);
    expect([format, out.stderr]).toEqual([format, expect.stringMatching(/^ingress\.yaml:5: warning: .*Service "nope"/)]);
    expect(out.stdout).not.toContain('Service "nope"');
  }
});
