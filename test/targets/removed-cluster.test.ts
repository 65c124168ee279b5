/**
 * A cluster folder the change deletes, in a repository of several clusters each a Flux root
 * (`clusters/<name>/flux-system/gotk-sync.yaml`), is a cluster removed: what it ran is gone with it. It was
 * compared with another cluster's targets, which deploy the same workloads from the same bases, as if it had moved
 * there (real repositories 45, isning/k8s-gitops 17ad42c: `k3s-prod-1 (removed by this change, compared with apps +
 * infra-namespaces + … which still deploy 9 of its 11 workloads)`). Another cluster is not where it went.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsHeadline } from '../../src/report/targets-markdown.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { fluxSync } from '../helpers/flux-sync.js';

type Files = Record<string, string>;
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-client, namespace: demo}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}}]\n';
const apps = (cluster: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  path: ./apps/${cluster}
  prune: true
  sourceRef: {kind: GitRepository, name: fleet}
`;
/** A cluster folder: its Flux sync of itself and its `apps` Kustomization, which builds `apps/<name>` over the shared base. */
const cluster = (name: string): Files => ({
  [`clusters/${name}/flux-system/gotk-sync.yaml`]: fluxSync({ name: 'flux-system', path: `./clusters/${name}` }),
  [`clusters/${name}/apps.yaml`]: apps(name),
  [`apps/${name}/kustomization.yaml`]: 'resources:\n- ../base\n',
});
const BASE: Files = {
  'apps/base/kustomization.yaml': 'namespace: demo\nresources:\n- web.yaml\n- policy.yaml\n',
  'apps/base/web.yaml': `${appDeployment('web', undefined)}---\n${appDeployment('client', undefined)}`,
  'apps/base/policy.yaml': DENY,
};

test('a cluster folder deleted: that cluster is removed, its paths closed, not compared with the cluster that remains', async () => {
  const before = { ...BASE, ...cluster('prod'), ...cluster('test') };
  const r = await analyzeTargets(asList(before), asList({ ...BASE, ...cluster('test') }));
  const prod = r.targets.find((t) => t.cluster === 'prod');
  expect([prod?.lifecycle, prod?.comparedWith]).toEqual(['removed', undefined]);
  expect(targetsHeadline(r)).toBe('prod (removed by this change): 6 paths closed; test: no change.');
});

test('a cluster folder renamed beside another cluster: still compared with its successor', async () => {
  const before = { ...BASE, ...cluster('prod'), ...cluster('test') };
  const r = await analyzeTargets(asList(before), asList({ ...BASE, ...cluster('test'), ...cluster('live') }));
  expect(r.targets.find((t) => t.cluster === 'prod')?.comparedWith?.names).toEqual(['flux-system (cluster live)', 'apps (cluster live)']);
});
