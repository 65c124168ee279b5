/**
 * A workload in a region wider than its own pods: a rule admitting a whole namespace reads in text and
 * Markdown as that rule peer with today's workload in brackets, not only as the workload's pair; the
 * JSON pairs stay the workload's. A rule naming the workload's own labels gets no such line.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const file = (path: string, text: string) => ({ path, text });
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const deployment = (namespace: string, name: string, app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const apps = file('apps.yaml', [ns('web'), ns('db'), ns('ops'), deployment('web', 'front', 'front'), deployment('db', 'pg', 'pg'), deployment('ops', 'tool', 'tool')].join('---\n'));
const front = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'web' } }, podSelector: { matchLabels: { app: 'front' } } };
const pgIn = (extra: object[]) =>
  file('pol.yaml', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-in, namespace: db}\nspec: ${JSON.stringify({ podSelector: { matchLabels: { app: 'pg' } }, ingress: [{ from: [front, ...extra], ports: [{ port: 5432 }] }] })}\n`);

describe('a workload in a wider region', () => {
  it('a rule admitting namespace ops names ops/[all pods] with ops/tool in brackets, in text and Markdown; JSON keeps the workload pair', () => {
    const report = analyzeDiff([apps, pgIn([])], [apps, pgIn([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }])]);
    const text = diffText(report);
    expect(text).toContain('db/pg[Deployment] now admits ops/[all pods] (ops/tool[Deployment] today) on TCP 5432, pol.yaml:');
    expect(text).toContain('ops/tool[Deployment] => db/pg[Deployment] : TCP 5432');
    expect(renderDiffMarkdown(report)).toMatch(/now admits `ops\/\[all pods\]` \(ops\/tool\[Deployment\] today\) on TCP 5432/);
    const json = diffJsonObject(report) as { pairs: { src: unknown; dst: unknown }[] };
    expect(json.pairs).toHaveLength(1);
    expect(JSON.stringify(json)).not.toContain('today');
  });

  it('a rule naming the workload by its own labels adds no such line', () => {
    const tool = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } }, podSelector: { matchLabels: { app: 'tool' } } };
    const report = analyzeDiff([apps, pgIn([])], [apps, pgIn([tool])]);
    expect(report.widerRegions).toEqual([]);
    expect(diffText(report)).not.toContain('today');
  });
});
