/**
 * A rollback counts every document it reverts, the companions a reverted kustomization takes with it
 * included (rollback-relevance.ts `companions`): reverting a kustomization's new entries deletes every file
 * they name, an unrelated ConfigMap a kept workload mounts among them, where reverting the two policies
 * that open the paths is enough (new-user trial 43, mchestr 2dbd77410: 6 documents "proven minimal" where 3 did).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`;
const ISOLATE = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: none\n';
const allow = (name: string, port: number) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: web\n      ports:\n        - port: ${port}\n`;
const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: b\n`;
const APP = `${deployment('api')}---\n${deployment('web')}---\n${ISOLATE}`;

it('reverts the two policies that open the paths, not the kustomization that would delete an unrelated ConfigMap too', async () => {
  const dir = sideTreesSync({
    base: { 'app/app.yaml': APP, 'app/kustomization.yaml': 'namespace: shop\nresources:\n- app.yaml\n' },
    head: {
      'app/app.yaml': APP,
      'app/new.yaml': `${configMap('new-config')}---\n${allow('open-80', 80)}---\n${allow('open-81', 81)}`,
      'app/skills.yaml': configMap('skills'),
      'app/kustomization.yaml': 'namespace: shop\nresources:\n- app.yaml\n- skills.yaml\n- new.yaml\n',
    },
  });
  const out = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json']);
  const json = JSON.parse(out.stdout) as { summary: { opened: number }; rollback: { minimality: string; documents: { file: string; change: string; line: number }[] } };
  expect(json.summary.opened).toBeGreaterThan(0);
  expect(json.rollback.documents.map((d) => [d.change, d.file, d.line])).toEqual([
    ['added', 'app/new.yaml', 8],
    ['added', 'app/new.yaml', 24],
  ]);
  expect(json.rollback.minimality).toBe('proven');
});
