/**
 * A symbolic link that cannot be read, left as it was, is the same warning from a revision and from a folder:
 * `diff HEAD .` read a dangling absolute link as a "New warning" (new-user trial 59), the revision saying it
 * leaves the repository and the folder "broken symbolic link". One wording for both (util/tree-links.ts), also
 * for a dangling link inside the repository and a loop, which the revision did not warn of at all.
 */
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { git, tempDir, writeFiles } from '../helpers/git.js';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n';

interface Json {
  warnings: { file: string; message: string; new?: boolean; side?: string }[];
}

it('a dangling link (absolute, inside) and a loop, unchanged: no new warning in diff HEAD <working tree>', async () => {
  const repo = await tempDir('reachdiff-links-');
  git(repo, 'init', '-q', '-b', 'main');
  await writeFiles(repo, [{ path: 'k8s/app.yaml', text: APP }]);
  await symlink('/nonexistent/gone.yaml', join(repo, 'k8s/gone.yaml'));
  await symlink('nothere.yaml', join(repo, 'k8s/missing.yaml'));
  await symlink('loop.yaml', join(repo, 'k8s/loop.yaml'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'one');
  const text = await main(['diff', 'HEAD', repo, '--repo', repo]);
  expect(text.stdout).not.toContain('New warnings');
  const json = JSON.parse((await main(['diff', 'HEAD', repo, '--repo', repo, '--format', 'json'])).stdout) as Json;
  const said = (side: 'base' | 'head') => json.warnings.filter((w) => (w.side ?? 'head') === side).map((w) => `${w.file}: ${w.message}`).sort();
  expect(said('head')).toEqual([
    'k8s/gone.yaml: cannot read: a symbolic link to /nonexistent/gone.yaml, which names no file of the repository',
    'k8s/loop.yaml: cannot read: a symbolic link loop (it leads back to itself)',
    'k8s/missing.yaml: cannot read: a symbolic link to nothere.yaml, which names no file of the repository',
  ]);
  expect(said('base')).toEqual(said('head'));
  expect(json.warnings.filter((w) => w.new)).toEqual([]);
});
