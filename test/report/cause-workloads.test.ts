/**
 * Pairs between workloads whose change is an isolation cause's (analysis/pair-cause.ts) are told by its
 * sentence, not as headline items of their own: a removed policy over three workloads read "…; opens
 * shop/api and shop/cart to everything on any port; opens shop/web to everything on any port" after the
 * sentence for the pods the manifests do not hold.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const app = (name: string, tier: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}, tier: ${tier}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`;
const lock = (name: string, tier: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {tier: ${tier}}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 8080}]\n`;
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';

describe('the workload pairs of a cause are one headline item with it', () => {
  const apps = [ns, app('api', 'front'), app('cart', 'front'), app('web', 'front')].join('---\n');

  it('a removed policy over three workloads: one sentence, its workloads counted in it', () => {
    const report = analyzeDiff([{ path: 'a.yaml', text: apps }, { path: 'p.yaml', text: lock('front-lock', 'front') }], [{ path: 'a.yaml', text: apps }]);
    const headline = diffText(report).split('\n')[2];
    expect(headline).toBe(
      'Opens shop/[pod with {tier=front}] (pods no other policy isolates for ingress) to every source on any port that source\'s egress allows: NetworkPolicy shop/front-lock removed (base:p.yaml:1); 21 paths, all with its workloads shop/api, shop/cart and shop/web.',
    );
    // The pairs are still listed one by one.
    expect(diffText(report)).toContain('Opened (12):');
    expect(renderDiffMarkdown(report)).toContain('21 paths, all with its workloads shop/api, shop/cart and shop/web.');
  });

  it('workload pairs of another policy are not told as the cause', () => {
    const two = [ns, app('api', 'front'), app('cart', 'front'), app('web', 'front'), app('db', 'back')].join('---\n');
    const base = [{ path: 'a.yaml', text: two }, { path: 'p.yaml', text: `${lock('front-lock', 'front')}---\n${lock('back-lock', 'back')}` }];
    const report = analyzeDiff(base, [{ path: 'a.yaml', text: two }]);
    const headline = diffText(report).split('\n')[2];
    expect(headline).toContain('NetworkPolicy shop/front-lock removed (base:p.yaml:1)');
    expect(headline).toContain('paths, all with its workloads shop/api, shop/cart and shop/web');
    // Each policy's sentence names its own workloads only.
    expect(headline).toMatch(/NetworkPolicy shop\/front-lock removed \(base:p\.yaml:1\); \d+ paths, all with its workloads shop\/api, shop\/cart and shop\/web;/);
    expect(headline).toMatch(/NetworkPolicy shop\/back-lock removed \(base:p\.yaml:\d+\); \d+ paths: \d+ with its workload shop\/db, \d+ with its other pods\.$/);
  });
});
