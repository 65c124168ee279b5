/**
 * A Flux Kustomization defined in two folders is two Fluxes on two clusters (controller-instances.ts) only where a
 * Flux applies each copy. A copy left in an old folder no Flux path reaches made a cluster of its own named by that
 * folder (`apps (old)`), though nothing applies it: it stays a lone target, as before instances were told apart.
 * A copy that is a bootstrap root of its own (its sync's path holds its file) is still a second Flux.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { fluxSync } from '../helpers/flux-sync.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const ks = (name: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  prune: true\n  sourceRef: {kind: GitRepository, name: fleet}\n`;
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: demo}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const BASE: Files = { 'clusters/prod/flux-system/gotk-sync.yaml': fluxSync({ name: 'flux-system', path: './clusters/prod' }), 'clusters/prod/apps.yaml': ks('apps', './apps'), 'apps/web.yaml': appDeployment('web', 'demo'), 'apps/deny.yaml': DENY };
const clusters = async (extra: Files) => {
  const r = await analyzeTargets(list({ ...BASE, ...extra }), list({ ...BASE, 'apps/deny.yaml': DENY.replace('Ingress', 'Egress'), ...extra }));
  return r.targets.map((t) => [t.name, t.cluster ?? null]);
};

test('a stale copy of a child Kustomization in a folder no Flux applies: no cluster named by that folder', async () => {
  expect(await clusters({ 'old/apps.yaml': ks('apps', './apps') })).toEqual([['prod', 'prod'], ['apps#2', null]]);
});

test('a stale copy of the sync, its path the live cluster\'s: the same', async () => {
  expect(await clusters({ 'old/flux-system/gotk-sync.yaml': fluxSync({ name: 'flux-system', path: './clusters/prod' }) })).toEqual([['prod', 'prod'], ['flux-system#2', null]]);
});

test('a copy whose own sync applies its folder is a second Flux, named by its folder', async () => {
  expect(await clusters({ 'old/sync.yaml': fluxSync({ name: 'flux-system', path: './old' }), 'old/apps.yaml': ks('apps', './apps') })).toEqual([['prod', 'prod'], ['flux-system (old)', 'flux-system (old)']]);
});
