/**
 * Headline items about pods only of workloads the change deletes come after the changes to workloads head
 * keeps (real-eval 7, problem 6; longhorn 88101a22 reduced): a commit deletes the Deployment hook and
 * re-points its policy from `app: hook` to `app: web`, which it keeps. The pods of `app: hook` lose their
 * isolation — told first by reach ("opens shop/[pod with {app=hook}] … to every source") — while what
 * changes for shop/web, whose pods remain, was left past the first items.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (name: string, app: string, port: number) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: ${port}}]\n`;
const WEB = policy('web', 'web', 8080);

/** The headline: the third line of the text. */
const headline = (base: string[], head: string[]) => diffText(analyzeDiff(base.map((text, i) => ({ path: `${i}.yaml`, text })), head.map((text, i) => ({ path: `${i}.yaml`, text })))).split('\n')[2];

describe('pods of a label whose every workload the change deletes', () => {
  it('are told after the change to the workload head keeps', () => {
    const text = headline([deployment('web'), deployment('hook'), WEB, policy('hook', 'hook', 9443)], [deployment('web'), WEB, policy('hook', 'web', 9443)]);
    expect(text).toMatch(/^Opens shop\/web\b/);
    expect(text).toContain('app=hook');
  });

  it('keep their place when head keeps a workload of that label', () => {
    const other = deployment('hook').replace('name: hook, namespace', 'name: hook2, namespace');
    const text = headline([deployment('web'), deployment('hook'), other, WEB, policy('hook', 'hook', 9443)], [deployment('web'), other, WEB, policy('hook', 'web', 9443)]);
    expect(text).not.toMatch(/^Opens shop\/web\b/);
  });
});
