/**
 * A target the change removes and one it adds that are each other's counterparts, with no change between
 * them, are a move the folds did not pair: the headline names it once, under the new target ("clusters/aws
 * (new in this change, compared with fiducia-aws (removed by this change), …): no change"), not a second
 * time under the removed one. real-eval 25, fiducia-cloud/fiducia-infra 0ddda93: an ApplicationSet's list
 * generator became a clusters generator, so three clusters went from Applications to top-level
 * kustomizations and read six "no change" entries, about 900 characters. The notes still say both.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsHeadline } from '../../src/report/targets-markdown.js';
import { counterpartNotes } from '../../src/report/counterpart-notes.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/platform';
const web = appDeployment('web', 'demo');
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: demo}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const generator = (list: boolean) => `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: demo, namespace: argocd}
spec:
  generators:
  - ${list ? 'list: {elements: [{cluster: aws, server: "https://aws.example"}]}' : 'clusters: {selector: {matchLabels: {env: prod}}}'}
  template:
    metadata: {name: "demo-{{cluster}}"}
    spec:
      project: default
      source: {repoURL: ${URL}, targetRevision: main, path: "clusters/{{cluster}}"}
      destination: {server: "{{server}}", namespace: demo}
`;
const TREE: Files = {
  'base/kustomization.yaml': 'resources:\n- web.yaml\n- deny.yaml\n',
  'base/web.yaml': web,
  'base/deny.yaml': deny,
  'clusters/aws/kustomization.yaml': 'resources:\n- ../../base\n',
};
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

test('a cluster moved from an Application to a kustomization: named once, under its new name', async () => {
  const r = await analyzeTargets(asList({ ...TREE, 'argocd/appset.yaml': generator(true) }), asList({ ...TREE, 'argocd/appset.yaml': generator(false) }), { discover: { repoUrls: [URL] } });
  const headline = targetsHeadline(r);
  expect(headline).toBe('clusters/aws (new in this change, compared with demo-aws (removed by this change), which deployed the same workloads and policies): no change; plain manifests (new in this change): no change.');
  expect(counterpartNotes(r).some((n) => n.startsWith('demo-aws is removed by this change'))).toBe(true);
});
