/**
 * A workload in a region wider than its own pods: a rule admitting a whole namespace reads in text and
 * Markdown as that rule peer with today's workload in brackets, not only as the workload's pair; the
 * JSON pairs stay the workload's. A rule naming the workload's own labels gets no such line.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { checkRunResult } from '../../src/report/check-run.js';

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

  it('the headline names the region with today\'s workload in brackets, in text, Markdown and the check run', () => {
    const report = analyzeDiff([apps, pgIn([])], [apps, pgIn([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }])]);
    const words = 'Opens db/pg to ops/[all pods] (ops/tool today) on TCP 5432 (1 rule, pol.yaml:4).';
    expect(diffText(report).split('\n')[2]).toBe(words);
    expect(renderDiffMarkdown(report)).toContain(`\n\n${words}\n\n`);
    const run = checkRunResult(report, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: false, text: '' });
    expect(run.summary).toContain(words);
    expect(run.title).toMatch(/^1 opened, 0 closed/);
  });

  it('a closed path of the workload and of the pods beside it in the region: one peer in the headline, the workload in brackets', () => {
    const ops = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } };
    const report = analyzeDiff([apps, pgIn([ops])], [apps, pgIn([])]);
    expect(diffText(report).split('\n')[2]).toBe('Closes ops/[all pods] (ops/tool today) => db/pg on TCP 5432 (1 rule, pol.yaml:4).');
  });

  it('only the lines whose pairs hold the workload name it: a line of other pods of the same rule peer has no brackets', () => {
    // Namespaces ops1 (holds tool; its egress allows TCP 5432 only) and ops2 (holds nothing), both team=ops;
    // pg's rule admits team=ops and moves from 5432 to 5433: both close 5432, only ops2's pods get 5433
    // (ops1's are the opened line's exception: their own egress denies 5433 on both sides).
    const teamNs = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {team: ops}}\n`;
    const world = file('apps.yaml', [ns('web'), ns('db'), teamNs('ops1'), teamNs('ops2'), deployment('db', 'pg', 'pg'), deployment('ops1', 'tool', 'tool')].join('---\n'));
    const ops1Out = file('ops1.yaml', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: ops1}\nspec: ${JSON.stringify({ podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 5432 }] }] })}\n`);
    const pg = (port: number) =>
      file('pol.yaml', `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-in, namespace: db}\nspec: ${JSON.stringify({ podSelector: { matchLabels: { app: 'pg' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }], ports: [{ port }] }] })}\n`);
    const report = analyzeDiff([world, ops1Out, pg(5432)], [world, ops1Out, pg(5433)]);
    const text = diffText(report);
    expect(text).toContain('db/pg[Deployment] no longer admits [namespace with {team=ops}]/[all pods] (ops1/tool[Deployment] today) on TCP 5432');
    expect(text).toContain('db/pg[Deployment] now admits [namespace with {team=ops}]/[all pods] (except ops1/[all pods]) on TCP 5433');
    expect(text.split('\n')[2]).toBe('Opens db/pg to [namespace with {team=ops}]/[all pods] (except ops1/[all pods]) on TCP 5433 (1 rule, pol.yaml:4); closes [namespace with {team=ops}]/[all pods] (ops1/tool today) => db/pg on TCP 5432 (1 rule, pol.yaml:4).');
  });

  it('a rule naming the workload by its own labels adds no such line', () => {
    const tool = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } }, podSelector: { matchLabels: { app: 'tool' } } };
    const report = analyzeDiff([apps, pgIn([])], [apps, pgIn([tool])]);
    expect(report.widerRegions).toEqual([]);
    expect(diffText(report)).not.toContain('today');
  });
});
