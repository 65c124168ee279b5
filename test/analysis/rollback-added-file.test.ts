/**
 * A rollback that reverts a kustomization entry the change added also deletes the file the change added
 * with it (a patch file and its `patches` entry): before, the patch removed the entry and left the file
 * behind, read by nothing (rollback-relevance.ts `companions`, the mirror of a deleted file restored with
 * its entry). A file another kustomization of head still names stays.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diffSides } from '../helpers/folder-diff.js';

const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: none\n';
const OPEN = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n';
const APP = { 'app/app.yaml': `${deployment('api')}---\n${deployment('web')}---\n${POLICY}`, 'app/kustomization.yaml': 'resources:\n- app.yaml\n' };
const PROD = 'namespace: shop\nresources:\n- ../app\n';

async function rollback(base: Record<string, string>, head: Record<string, string>) {
  const dir = diffSides({ base, head });
  const out = await dir.run('--format', 'json');
  const json = JSON.parse(out.stdout) as { rollback: { patch: string; documents: { file: string; change: string }[] } };
  execFileSync('git', ['apply', '-'], { cwd: dir.head, input: json.rollback.patch });
  return { documents: json.rollback.documents.map((d) => [d.change, d.file]), head: dir.head };
}

it('the patch file added with its patches entry is deleted with the entry: head patched is base', async () => {
  const r = await rollback({ ...APP, 'prod/kustomization.yaml': PROD }, { ...APP, 'prod/kustomization.yaml': `${PROD}patches:\n- path: open.yaml\n`, 'prod/open.yaml': OPEN });
  expect(r.documents).toEqual([['edited', 'prod/kustomization.yaml'], ['added', 'prod/open.yaml']]);
  expect(existsSync(join(r.head, 'prod/open.yaml'))).toBe(false);
  expect(await readFile(join(r.head, 'prod/kustomization.yaml'), 'utf8')).toBe(PROD);
});

it('a patch file another kustomization of head also names (a change the rollback keeps: it opens nothing) stays', async () => {
  const staging = 'namespace: staging\nresources:\n- ../app\npatches:\n- path: ../prod/open.yaml\n  target: {kind: NetworkPolicy, name: none}\n';
  const r = await rollback(
    { ...APP, 'prod/kustomization.yaml': PROD, 'staging/kustomization.yaml': 'namespace: staging\nresources:\n- ../app\n' },
    { ...APP, 'prod/kustomization.yaml': `${PROD}patches:\n- path: open.yaml\n`, 'prod/open.yaml': OPEN, 'staging/kustomization.yaml': staging },
  );
  expect(r.documents).toEqual([['edited', 'prod/kustomization.yaml']]);
  expect(existsSync(join(r.head, 'prod/open.yaml'))).toBe(true);
});

it('a new policy file and its resources entry: reverting the entry closes every path, the file\'s deletion is said to be tidying (new-user trial 45, finding 8)', async () => {
  const ALLOW = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api-from-web\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n';
  const dir = diffSides({ base: APP, head: { ...APP, 'app/kustomization.yaml': 'resources:\n- app.yaml\n- allow.yaml\n', 'app/allow.yaml': ALLOW } });
  const text = (await dir.run()).stdout;
  expect(text).toContain('Rollback (proven minimal): revert 1 document to close every opened path, and delete 1 document no build reads once it is reverted:\n');
  expect(text).toMatch(/\n {2}delete NetworkPolicy\/default\/api-from-web.* \(app\/allow\.yaml:1\) \(tidying: no build reads it once the rest is reverted\)\n/);
  expect(text).toMatch(/\n {2}revert the Kustomization \(app\/kustomization\.yaml:1\)\n/);
  const md = (await dir.run('--format', 'md')).stdout;
  expect(md).toContain('Reverting 1 document closes every opened path (the smallest set); deleting 1 more document, which no build reads once it is reverted, is tidying:');
  // JSON marks the tidying document (an added field); the others have none.
  const json = JSON.parse((await dir.run('--format', 'json')).stdout) as { rollback: { documents: { file: string; tidying?: boolean }[] } };
  expect(json.rollback.documents.map((d) => [d.file, d.tidying])).toEqual([
    ['app/allow.yaml', true],
    ['app/kustomization.yaml', undefined],
  ]);
});
