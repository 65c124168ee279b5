/**
 * A symbolic link that leads back to itself (ELOOP) is said to be a loop, not "broken": it points
 * somewhere, so "broken" sends one looking for a missing target (seen while probing bad input beside
 * the bad-input property, test/property/bad-input.test.ts). A dangling link names its target, which is no file.
 */
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

let root: string;
afterAll(() => rm(root, { recursive: true, force: true }));

it('a link loop and a dangling link: each warned at its path, in words that say which', async () => {
  root = await mkdtemp(join(tmpdir(), 'reachdiff-links-'));
  await writeFile(join(root, 'app.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n');
  await symlink('self.yaml', join(root, 'self.yaml'));
  await symlink('nowhere.yaml', join(root, 'dangling.yaml'));
  const out = await main(['list', root]);
  expect(out.stderr).toContain('self.yaml:1: warning: cannot read: a symbolic link loop (it leads back to itself) [UNREADABLE_FILE]');
  expect(out.stderr).toContain('dangling.yaml:1: warning: cannot read: a symbolic link to nowhere.yaml, which names no file of the repository [UNREADABLE_FILE]');
  expect(out.stdout).toContain('web/api[Deployment]');
});
