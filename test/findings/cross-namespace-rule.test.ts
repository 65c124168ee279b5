/**
 * CROSS_NAMESPACE_PATH is one finding per rule that opens the paths, listing the workloads at each end
 * (bounded in the message, every one in `sources`/`destinations`): real-eval 8 (kubeflow f3edb265a) gave
 * 17 notices at one line, one per source workload of a `from`-less webhook rule.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { DEFAULT_FINDINGS_CONFIG } from '../../src/findings/index.js';
import type { DiffFinding } from '../../src/findings/index.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { deployment, manifests, namespace, policy } from '../engine/fixtures.js';

type Obj = Record<string, unknown>;

/** Namespaces n1..n7 with 1..7 workloads (n4: 4 of them); `web` and `api` in `hooks`, isolated for ingress on both sides. */
const workloads: Obj[] = [namespace('hooks'), deployment('hooks', 'web', { app: 'web' }), deployment('hooks', 'api', { app: 'api' })];
for (let i = 1; i <= 7; i++) {
  workloads.push(namespace(`n${i}`));
  for (let j = 1; j <= i; j++) workloads.push(deployment(`n${i}`, `w${j}`, { app: `w${j}` }));
}
const deny = policy('hooks', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
/** A webhook rule: TCP 9443 from anywhere (no `from`). */
const webhook = policy('hooks', 'webhook', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 9443 }] }] });
/** To api from n1 only, on TCP 80. */
const fromN1 = policy('hooks', 'from-n1', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'n1' } } }], ports: [{ port: 80 }] }] });

function diff(head: Obj[], config: Partial<typeof DEFAULT_FINDINGS_CONFIG> = {}) {
  const files = (objects: Obj[]) => [{ path: 'k8s.yaml', text: manifests(...objects) }];
  return analyzeDiff(files([...workloads, deny]), files([...workloads, deny, ...head]), { findings: { ...DEFAULT_FINDINGS_CONFIG, ...config } });
}
const cross = (findings: readonly DiffFinding[]) => findings.filter((f) => f.code === 'CROSS_NAMESPACE_PATH');

describe('CROSS_NAMESPACE_PATH, one finding per rule', () => {
  it('a rule opening 28 paths from 7 namespaces is one finding at its line, naming a bounded list and listing every source in the JSON', () => {
    const report = diff([webhook]);
    // 28 workloads of other namespaces (and hooks/api, of the same one) may now reach web.
    expect(report.pairs.filter((p) => p.opened && p.src.type === 'workload' && p.src.workload.namespace !== 'hooks')).toHaveLength(28);
    const found = cross(report.findings);
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f).toMatchObject({ subject: 'hooks/webhook', object: 'ingress:rule 1', new: true, severity: 'notice' });
    expect(f.sources).toHaveLength(28);
    expect(f.sources?.slice(0, 3)).toEqual(['n1/w1[Deployment]', 'n2/w1[Deployment]', 'n2/w2[Deployment]']);
    expect(f.destinations).toEqual(['hooks/web[Deployment]']);
    expect(f.message).toBe(
      'The change opens 28 paths from 7 namespaces into hooks through this rule (TCP 9443): from n1/w1[Deployment], n2 (2 workloads: w1[Deployment] and w2[Deployment]), ' +
        'n3 (3 workloads: w1[Deployment], w2[Deployment] and w3[Deployment]), n4 (4 workloads: w1[Deployment], w2[Deployment], w3[Deployment] and 1 more), ' +
        'n5 (5 workloads: w1[Deployment], w2[Deployment], w3[Deployment] and 2 more) and 2 more namespaces (13 workloads) to hooks/web[Deployment].',
    );
    expect(f.fix).toBe('If n1, n2, n3, n4, n5 and 2 more namespaces => hooks are intended, list them under findings.crossNamespace in .github/reachdiff.yml; otherwise narrow the rule.');
    // Its line is the rule's (the ingress entry), in every format: one line of text, one JSON object, one annotation.
    const text = diffText(report);
    expect(text.match(/\[CROSS_NAMESPACE_PATH\]/g)).toHaveLength(1);
    expect(renderDiffMarkdown(report).match(/New cross-namespace path/g)).toHaveLength(1);
    const json = diffJsonObject(report) as { findings: { code: string; sources?: string[]; destinations?: string[]; line: number }[] };
    const inJson = json.findings.filter((x) => x.code === 'CROSS_NAMESPACE_PATH');
    expect(inJson).toHaveLength(1);
    expect(inJson[0].sources).toHaveLength(28);
    expect(inJson[0].line).toBe(f.ref.line);
    const check = checkRunResult(report, { failOn: ['opened'], otherChanges: 'neutral', rollbackButton: false, text: '' });
    expect(check.annotations.filter((a) => a.title.includes('CROSS_NAMESPACE_PATH'))).toEqual([expect.objectContaining({ start_line: f.ref.line, annotation_level: 'notice' })]);
  });

  it('two rules are two findings; a rule opening one path keeps the one-path shape (subject the source, object the destination)', () => {
    const found = cross(diff([webhook, fromN1]).findings);
    expect(found.map((f) => `${f.subject} ${f.object}`).sort()).toEqual(['hooks/webhook ingress:rule 1', 'n1/w1[Deployment] hooks/api[Deployment]']);
    const one = found.find((f) => f.subject === 'n1/w1[Deployment]')!;
    expect(one.message).toBe('The change opens n1/w1[Deployment] => hooks/api[Deployment] (TCP 80), a path from namespace n1 into hooks.');
    expect(one.sources).toEqual(['n1/w1[Deployment]']);
  });

  it('pairs the configuration expects are left out of the rule\'s finding', () => {
    const found = cross(diff([webhook], { crossNamespace: [{ from: 'n7', to: '*' }, { from: 'n6', to: 'hooks' }, { from: 'n5', to: 'hooks' }, { from: 'n4', to: 'hooks' }, { from: 'n3', to: 'hooks' }] }).findings);
    expect(found).toHaveLength(1);
    expect(found[0].sources).toEqual(['n1/w1[Deployment]', 'n2/w1[Deployment]', 'n2/w2[Deployment]']);
    expect(found[0].message).toContain('3 paths from 2 namespaces into hooks');
    expect(found[0].fix).toContain('If n1 and n2 => hooks are intended');
  });
  it('what the paths open, in one phrase: the widest set "or part of it for some paths" when it holds the others (new-user 35)', () => {
    // An allow-all rule on hooks/web; n1's workload had TCP 80 already (fromN1 widened to web), so its path opens the rest.
    const fromN1Web = policy('hooks', 'from-n1-web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'n1' } } }], ports: [{ port: 80 }] }] });
    const allowAll = policy('hooks', 'allow-all', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{}] });
    const files = (objects: Obj[]) => [{ path: 'k8s.yaml', text: manifests(...objects) }];
    const few = workloads.filter((o) => !/^n[3-7]$/.test(String((o.metadata as Obj).namespace ?? (o.metadata as Obj).name)));
    const report = analyzeDiff(files([...few, deny, fromN1Web]), files([...few, deny, fromN1Web, allowAll]), { findings: DEFAULT_FINDINGS_CONFIG });
    const found = cross(report.findings);
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('into hooks through this rule (any port, or part of it for some paths): ');
    // Sets no one of which holds the others are each said: n1 had TCP 443, n2 TCP 80; the rule gives both.
    const had = (ns: string, port: number) => policy('hooks', `had-${ns}`, { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } }], ports: [{ port }] }] });
    const both = policy('hooks', 'both', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['n1', 'n2'] }] } }], ports: [{ port: 80 }, { port: 443 }] }] });
    const base = [...few, deny, had('n1', 443), had('n2', 80)];
    const apart = cross(analyzeDiff(files(base), files([...base, both]), { findings: DEFAULT_FINDINGS_CONFIG }).findings);
    expect(apart).toHaveLength(1);
    expect(apart[0].message).toContain('through this rule (TCP 80; TCP 443): ');
  });
  it('paths opened because a policy no longer isolates their ends are one finding per lapsed isolation, not one per path (real-eval 9)', () => {
    const files = (objects: Obj[]) => [{ path: 'k8s.yaml', text: manifests(...objects) }];
    // Base isolates hooks for ingress; head removes the deny: n1 and n2's three workloads reach web and api.
    const few = workloads.filter((o) => !/^n[3-7]$/.test(String((o.metadata as Obj).namespace ?? (o.metadata as Obj).name)));
    const report = analyzeDiff(files([...few, deny]), files(few), { findings: DEFAULT_FINDINGS_CONFIG });
    const opened = report.pairs.filter((p) => p.opened && p.src.type === 'workload' && p.dst.type === 'workload' && p.src.workload.namespace !== p.dst.workload.namespace && p.dst.workload.namespace === 'hooks');
    expect(opened).toHaveLength(6);
    const found = cross(report.findings).filter((f) => f.destinations?.every((d) => d.startsWith('hooks/')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ subject: 'hooks/deny', object: 'lapsed:ingress:hooks/deny' });
    expect(found[0].sources).toEqual(['n1/w1[Deployment]', 'n2/w1[Deployment]', 'n2/w2[Deployment]']);
    expect(found[0].destinations).toEqual(['hooks/api[Deployment]', 'hooks/web[Deployment]']);
    expect(found[0].message).toBe(
      'The change opens 6 paths from 2 namespaces into hooks as NetworkPolicy hooks/deny no longer isolates the destinations for ingress (any port): ' +
        'from n1/w1[Deployment] and n2 (2 workloads: w1[Deployment] and w2[Deployment]) to hooks (2 workloads: api[Deployment] and web[Deployment]).',
    );
  });

  it('paths into and out of a workload the change adds, which no policy isolates, are one finding each way at its line, not one per path (real-eval 26)', () => {
    // n7 has no policy: the new n7/extra is reached from n1..n6 (21 workloads) and hooks (2, whose egress is open), and reaches n1..n6.
    const report = diff([deployment('n7', 'extra', { app: 'extra' })]);
    const found = cross(report.findings);
    expect(found.map((f) => [f.subject, f.object, f.sources?.length, f.destinations?.length])).toEqual([
      ['n7/extra[Deployment]', 'added:egress', 1, 21],
      ['n7/extra[Deployment]', 'added:ingress', 23, 1],
    ]);
    expect(found[1].message).toBe(
      'The change opens 23 paths from 7 namespaces into n7 as it adds n7/extra[Deployment] (any port): ' +
        'from hooks (2 workloads: api[Deployment] and web[Deployment]), n1/w1[Deployment], n2 (2 workloads: w1[Deployment] and w2[Deployment]), n3 (3 workloads: w1[Deployment], w2[Deployment] and w3[Deployment]), n4 (4 workloads: w1[Deployment], w2[Deployment], w3[Deployment] and 1 more) and 2 more namespaces (11 workloads) to n7/extra[Deployment].',
    );
    expect(found.every((f) => f.ref.line === found[0].ref.line)).toBe(true);
  });
});
