/**
 * Two Flux Kustomizations of one cluster: one deploys a Kyverno ClusterPolicy generating a NetworkPolicy per
 * Cache, the other the Caches and their apps, and each includes a Kustomize component into its own namespace,
 * so the cluster's model is two builds (manifests/builds.ts). The rule's policies for the other build's Caches
 * are settled on the builds as one (manifests/across-builds.ts), and so is every revert the rollback evaluates:
 * reverting an edit of the rule makes its base version's policies again, so the rollback closes every opened
 * path. Before, the reverted build was settled alone, the rule made no policy for the Caches, and the report
 * read "Even reverting every changed document leaves N opened paths".
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { diffText } from '../../src/report/diff-text.js';
import { cacheObject, cacheScrapeRule } from '../helpers/kyverno-cache.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home-ops';
const GIT = `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec:\n  url: ${URL}\n  ref: {branch: main}\n`;
const ks = (name: string, path: string, ns: string) =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ${path}\n  targetNamespace: ${ns}\n  prune: true\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
const deployment = (name: string, namespace: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: main, image: x}]}\n`;
const cache = (name: string) => cacheObject(name);

/** The rule: one NetworkPolicy per Cache, admitting `from` (namespaces labelled `scrape: "true"`, or, widened, the Cache's own namespace too) on TCP 6379. */
const generator = (from: string) => cacheScrapeRule(['            ingress:', `              - from: [${from}]`, '                ports: [{protocol: TCP, port: 6379}]'], { existing: false });

const TREE = (rule: string): Files => ({
  'flux/cluster/ks.yaml': `${GIT}---\n${ks('policies', './apps/kyverno/app', 'kyverno')}---\n${ks('shop', './apps/shop/app', 'shop')}`,
  // The component both Kustomizations include, each into its own namespace: one file deployed two ways.
  'components/common/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [config.yaml]\n',
  'components/common/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: common}\ndata: {a: b}\n',
  'apps/kyverno/app/kustomization.yaml': 'resources: [generator.yaml]\ncomponents: [../../../components/common]\n',
  'apps/kyverno/app/generator.yaml': rule,
  'apps/shop/app/kustomization.yaml': 'resources: [namespaces.yaml, workloads.yaml, caches.yaml]\ncomponents: [../../../components/common]\n',
  'apps/shop/app/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  'apps/shop/app/workloads.yaml': [deployment('sessions', 'shop'), deployment('front', 'shop')].join('---\n'),
  'apps/shop/app/caches.yaml': cache('sessions'),
});
const SCRAPERS = '{namespaceSelector: {matchLabels: {scrape: "true"}}}';
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));

it('a rule of one Flux Kustomization widened for the Caches of another: the rollback reverts it and closes every opened path', async () => {
  const r = await analyzeTargets(asList(TREE(generator(SCRAPERS))), asList(TREE(generator(`${SCRAPERS}, {podSelector: {}}`))), { discover: { repoUrls: [URL] } });
  expect(r.targets).toHaveLength(1);
  const report = r.targets[0].report;
  // The generated policy, made for the other build's Cache, admitted the scraping namespaces only: now shop's own pods too.
  expect(report.pairs.filter((p) => p.opened).map((p) => [p.src.type === 'workload' && p.src.workload.id, p.dst.type === 'workload' && p.dst.workload.id])).toContainEqual(['shop/front[Deployment]', 'shop/sessions[Deployment]']);
  expect(report.rollback.documents.map((d) => `${d.change} ${d.head?.file}`)).toEqual(['edited apps/kyverno/app/generator.yaml']);
  expect(report.rollback.remainingOpened).toBe(0);
  expect(diffText(report)).not.toMatch(/Even reverting/);
});
