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
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: none\n';
const OPEN = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n';
const APP = { 'app/app.yaml': `${deployment('api')}---\n${deployment('web')}---\n${POLICY}`, 'app/kustomization.yaml': 'resources:\n- app.yaml\n' };
const PROD = 'namespace: shop\nresources:\n- ../app\n';

async function rollback(base: Record<string, string>, head: Record<string, string>) {
  const dir = sideTreesSync({ base, head });
  const out = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json']);
  const json = JSON.parse(out.stdout) as { rollback: { patch: string; documents: { file: string; change: string }[] } };
  execFileSync('git', ['apply', '-'], { cwd: join(dir, 'head'), input: json.rollback.patch });
  return { documents: json.rollback.documents.map((d) => [d.change, d.file]), head: join(dir, 'head') };
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
