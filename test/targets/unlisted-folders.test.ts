/**
 * A changed policy file in a folder that the deployed kustomization above does not list is said with that
 * reason (which folder, which kustomization), not "name its folder under targets:" (real repositories 41,
 * toboshii/home-ops dc2d42b3: cluster/apps/kustomization.yaml does not list mail).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { fluxSync } from '../helpers/flux-sync.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const deny = (name: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allow = (name: string) => `${deny(name)}  ingress: [{}]\n`;
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS').map((n) => n.message);
const discover = { repoUrls: ['https://github.com/acme/fleet'] };

// Flux Kustomization apps builds cluster/apps (as toboshii's cluster/flux/apps.yaml does).
const apps: Files = {
  'cluster/flux/apps.yaml': fluxSync({ name: 'apps', path: './cluster/apps' }),
  'cluster/apps/kustomization.yaml': 'resources:\n  - web\n',
  'cluster/apps/web/kustomization.yaml': 'resources: [deployment.yaml]\n',
  'cluster/apps/web/deployment.yaml': deploy('web'),
  'cluster/apps/mail/kustomization.yaml': 'resources: []\n',
  'cluster/apps/mail/network-policy.yaml': deny('mail'),
};

it('a folder with a kustomization of its own: list it under resources: of the kustomization above', async () => {
  const report = await analyzeTargets(list(apps), list({ ...apps, 'cluster/apps/mail/network-policy.yaml': allow('mail') }), { discover });
  expect(outside(report)).toEqual([
    'Not analysed: a changed file holding policies that no target deploys: cluster/apps/mail/network-policy.yaml. Its folder cluster/apps/mail is not listed in cluster/apps/kustomization.yaml, which a target builds; if a cluster applies it, list mail under resources: there',
  ]);
});

it('deeper, several files: one notice by the folder not listed', async () => {
  const base = { ...apps, 'cluster/apps/mail/a/np.yaml': deny('a') };
  const report = await analyzeTargets(list(base), list({ ...base, 'cluster/apps/mail/network-policy.yaml': allow('mail'), 'cluster/apps/mail/a/np.yaml': allow('a') }), { discover });
  expect(outside(report)).toEqual([
    'Not analysed: 2 changed files holding policies that no target deploys: cluster/apps/mail/a/np.yaml, cluster/apps/mail/network-policy.yaml. The folder cluster/apps/mail is not listed in cluster/apps/kustomization.yaml, which a target builds; if a cluster applies them, list mail under resources: there',
  ]);
});

it('no deployed kustomization above: the advice stays "name its folder under targets:"', async () => {
  const base = { ...apps, 'legacy/np.yaml': deny('legacy') };
  const report = await analyzeTargets(list(base), list({ ...base, 'legacy/np.yaml': allow('legacy') }), { discover });
  expect(outside(report)).toEqual(['Not analysed: a changed file holding policies that no target deploys: legacy/np.yaml. If a cluster applies it, name its folder under targets: in the configuration']);
});
