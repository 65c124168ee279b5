/**
 * Named ports toward pods the manifests do not hold, in diff: a rule that adds `port: http` toward an
 * abstract destination opens a pair whose set carries the name (`namedPorts`), removing it closes one;
 * text, Markdown and JSON show the name; why names the rule; the rollback closes such pairs.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { pairConns, peerId } from '../../src/engine/index.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown as diffMarkdown } from '../../src/report/diff-markdown.js';
import { fails } from '../../src/report/verdict.js';

type Files = { path: string; text: string }[];
const file = (path: string, text: string) => ({ path, text });
const lines = (r: DiffReport, which: 'opened' | 'closed') => r.pairs.filter((p) => p[which]).map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${pairConns(p, which)!.toText()}`);
const deployment = (namespace: string, name: string, labels: Record<string, string>, ports = '[]') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x, ports: ${ports}}]}\n`;
const policy = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;

const api = deployment('payments', 'api', { app: 'api' });
/** payments/api may send to prometheus pods of monitoring (not in the manifests) on `ports`. */
const egress = (ports: object[]) =>
  policy('payments', 'api-egress', {
    podSelector: { matchLabels: { app: 'api' } },
    policyTypes: ['Egress'],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { app: 'prometheus' } } }], ports }],
  });
const DST = 'monitoring/[pod with {app=prometheus}]';

function diff(base: Files, head: Files): DiffReport {
  return analyzeDiff(base, head);
}

describe('named ports toward abstract destinations in diff', () => {
  it('a rule adding port http opens a pair whose set is the name, beside the numbers it had', () => {
    const report = diff([file('a.yaml', api), file('p.yaml', egress([{ port: 8080 }]))], [file('a.yaml', api), file('p.yaml', egress([{ port: 8080 }, { port: 'http' }]))]);
    expect(lines(report, 'opened')).toEqual([`payments/api[Deployment] => ${DST} : TCP http`]);
    expect(lines(report, 'closed')).toEqual([]);
    expect(fails(report.counts, 'opened')).toBe(true);
    const json = diffJsonObject(report) as { pairs: { opened: unknown; head: unknown; base: unknown }[] };
    expect(json.pairs[0].opened).toEqual({ namedPorts: { TCP: ['http'] } });
    expect(json.pairs[0].head).toEqual({ protocols: { TCP: [[8080, 8080]] }, namedPorts: { TCP: ['http'] } });
    expect(json.pairs[0].base).toEqual({ protocols: { TCP: [[8080, 8080]] } });
    expect(report.pairs[0].whyOpened.some((r) => r.kind === 'allowed-by-rule' && r.side === 'head')).toBe(true);
    expect(diffText(report)).toContain('TCP http');
    expect(diffMarkdown(report)).toContain('TCP http');
    expect(report.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited NetworkPolicy/payments/api-egress']);
  });

  it('removing the name closes the pair; a UDP name is told with its protocol', () => {
    const report = diff([file('a.yaml', api), file('p.yaml', egress([{ port: 'http' }, { port: 'dns', protocol: 'UDP' }]))], [file('a.yaml', api), file('p.yaml', egress([{ port: 'http' }]))]);
    expect(lines(report, 'closed')).toEqual([`payments/api[Deployment] => ${DST} : UDP dns`]);
    expect(lines(report, 'opened')).toEqual([]);
  });

  it('an ingress rule of pods the manifests do not hold: the name resolves on them, so it is carried', () => {
    const prom = (ports: object[]) =>
      policy('monitoring', 'prometheus', { podSelector: { matchLabels: { app: 'prometheus' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } } }], ports }] });
    const report = diff([file('a.yaml', api), file('p.yaml', prom([{ port: 9090 }]))], [file('a.yaml', api), file('p.yaml', prom([{ port: 'web' }]))]);
    expect(lines(report, 'opened')).toEqual(expect.arrayContaining([`payments/api[Deployment] => ${DST} : TCP web`]));
    // A pod that numbers web 9090 keeps that port (head admits web whatever its number): an exception.
    expect(lines(report, 'closed')).toEqual(expect.arrayContaining([`payments/api[Deployment] => ${DST} : TCP 9090 except where it is port web`]));
  });

  it('a name toward a workload of the manifests resolves to its number: no namedPorts', () => {
    const web = deployment('monitoring', 'prometheus', { app: 'prometheus' }, '[{name: http, containerPort: 9090}]');
    const report = diff([file('a.yaml', api), file('w.yaml', web), file('p.yaml', egress([]))].slice(0, 2), [file('a.yaml', api), file('w.yaml', web), file('p.yaml', egress([{ port: 'http' }]))]);
    const concrete = report.pairs.filter((p) => p.dst.type === 'workload' && p.src.type === 'workload');
    expect(concrete.map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${pairConns(p, 'head')?.toText()}`)).toContain('payments/api[Deployment] => monitoring/prometheus[Deployment] : TCP 9090');
    expect(concrete.every((p) => p.namedPorts === undefined)).toBe(true);
  });
});
