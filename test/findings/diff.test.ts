/** Findings in a diff: `new` when base did not have them (matched by code, subject and object, not by line); the bug-report cases. */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { DEFAULT_FINDINGS_CONFIG } from '../../src/findings/index.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { app, cluster, deployment, manifests, namespace, policy, yamlManifests } from '../engine/fixtures.js';
import { diffFindingsOf, newCodes } from './support.js';

type Obj = Record<string, unknown>;
const denyAll = (ns: string) => policy(ns, 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const allowDns = (ns: string, to: Obj) =>
  policy(ns, 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [to], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] });
const COREDNS = deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' });

describe('new findings in a diff', () => {
  it('a finding base already had is old, even when the file moved and its line changed', () => {
    const wide = policy('other', 'in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 80 }] }] });
    const base = [{ path: 'a.yaml', text: manifests(...cluster(wide)) }];
    // A comment first makes the text YAML for kubectl: YAML documents then, as the fixture's JSON stream reads.
    const head = [{ path: 'moved/b.yaml', text: '# moved\n\n' + yamlManifests(...cluster(wide)) }];
    const f = analyzeDiff(base, head).findings.filter((x) => x.code === 'PERMISSIVE_RULE');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ new: false, ref: { file: 'moved/b.yaml' } });
  });

  it('PERMISSIVE_RULE is new when the PR widens a rule to namespaceSelector: {}', () => {
    const rule = (ns: Obj) => policy('other', 'in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: ns }], ports: [{ port: 80 }] }] });
    expect(newCodes(diffFindingsOf(cluster(rule({ matchLabels: { team: 'x' } })), cluster(rule({}))))).toContain('PERMISSIVE_RULE other/in ingress:every-namespace:namespaceSelector {} podSelector {}');
  });

  it('CROSS_NAMESPACE_PATH for an opened path between namespaces, unless configured as expected', () => {
    const base = cluster(policy('other', 'deny', { podSelector: {} }));
    const head = cluster(policy('other', 'deny', { podSelector: {} }), policy('other', 'from-default', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } } }] }] }));
    expect(newCodes(diffFindingsOf(base, head)).filter((k) => k.startsWith('CROSS'))).toEqual(['CROSS_NAMESPACE_PATH other/from-default ingress:rule 1']);
    expect(diffFindingsOf(base, head).find((f) => f.code === 'CROSS_NAMESPACE_PATH')).toMatchObject({ severity: 'notice', new: true });
    expect(newCodes(diffFindingsOf(base, head, { crossNamespace: [{ from: 'default', to: '*' }] })).filter((k) => k.startsWith('CROSS'))).toEqual([]);
    expect(diffFindingsOf(base, head, { severity: { CROSS_NAMESPACE_PATH: 'warning' } }).find((f) => f.code === 'CROSS_NAMESPACE_PATH')?.severity).toBe('warning');
  });

  it('a path opened inside one namespace is not cross-namespace', () => {
    const base = cluster(policy('default', 'deny', { podSelector: app('b') }));
    const head = cluster(policy('default', 'deny', { podSelector: app('b'), ingress: [{ from: [{ podSelector: app('a') }] }] }));
    expect(newCodes(diffFindingsOf(base, head)).filter((k) => k.startsWith('CROSS'))).toEqual([]);
  });

  it('UNPROTECTED_WORKLOAD is new only when the PR adds the workload or removes its protection', () => {
    const base = cluster(denyAll('default'), denyAll('other'));
    expect(newCodes(diffFindingsOf(base, cluster(denyAll('default'))))).toEqual(['UNPROTECTED_WORKLOAD other/c[Deployment] egress', 'UNPROTECTED_WORKLOAD other/c[Deployment] ingress']);
    const unprotectedBase = cluster(denyAll('default'));
    const added = [...unprotectedBase, deployment('other', 'd', { app: 'd' })];
    expect(newCodes(diffFindingsOf(unprotectedBase, added)).filter((k) => k.startsWith('UNPROTECTED'))).toEqual(['UNPROTECTED_WORKLOAD other/d[Deployment] egress', 'UNPROTECTED_WORKLOAD other/d[Deployment] ingress']);
    // other/c was unprotected in base too: old debt.
    expect(diffFindingsOf(unprotectedBase, added).filter((f) => f.subject === 'other/c[Deployment]').every((f) => !f.new)).toBe(true);
  });

  it('DNS_TCP_MISSING and MANIFEST_REJECTED become new when a PR introduces them', () => {
    const dns = (ports: Obj[]) => policy('default', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports }] });
    const both = dns([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    const udpOnly = dns([{ protocol: 'UDP', port: 53 }]);
    expect(newCodes(diffFindingsOf(cluster(COREDNS, both), cluster(COREDNS, udpOnly))).filter((k) => k.startsWith('DNS'))).toEqual(['DNS_TCP_MISSING default/a[Deployment] dns-tcp', 'DNS_TCP_MISSING default/b[Deployment] dns-tcp']);
    const bad = policy('default', 'bad', { podSelector: {}, policyTypes: ['Sideways'] });
    const rejected = diffFindingsOf(cluster(), cluster(bad)).filter((f) => f.code === 'MANIFEST_REJECTED');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((f) => f.new && f.severity === 'error')).toBe(true);
    expect(diffFindingsOf(cluster(bad), cluster(bad)).filter((f) => f.code === 'MANIFEST_REJECTED' && f.new)).toEqual([]);
  });

  it('a rejected manifest whose message cites lines is the same finding when the lines move (identity without line numbers)', () => {
    // kubectl stops at a separator with content: the message names the lines it leaves out, and a line added above moves them.
    // YAML documents (a comment first: kubectl reads a text starting with `{` as JSON, where `---` is a syntax error of its own).
    const text = `# the cluster\n${yamlManifests(...cluster()).trimEnd()}\n--- trailing\nkind: ConfigMap\n`;
    const base = [{ path: 'k8s.yaml', text }];
    const head = [{ path: 'k8s.yaml', text: `# a comment\n${text}` }];
    const rejected = analyzeDiff(base, head).findings.filter((f) => f.code === 'MANIFEST_REJECTED');
    expect(rejected.map((f) => f.message)).toEqual([expect.stringMatching(/lines \d+-\d+ of this file are not applied/)]);
    expect(rejected[0].new).toBe(false);
    // A different rejection is new still.
    const other = [{ path: 'k8s.yaml', text: text.replace('--- trailing', '--- other') }];
    expect(analyzeDiff(base, other).findings.filter((f) => f.code === 'MANIFEST_REJECTED').map((f) => f.new)).toEqual([true]);
  });

  it('HALF_OPEN_EGRESS and UNKNOWN_NAMED_PORT become new when a PR introduces them', () => {
    const out = (port: number | string) => policy('default', 'a-out', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: app('c') }], ports: [{ port }] }] });
    const cIn = policy('other', 'c-in', { podSelector: app('c'), ingress: [{ from: [{ namespaceSelector: {}, podSelector: app('a') }], ports: [{ port: 80 }] }] });
    const fresh = newCodes(diffFindingsOf(cluster(out(80), cIn), cluster(out(81), cIn)));
    // Both sides of the port mismatch are dead: a's egress on 81 (c admits 80 only) and c's ingress on 80 (a sends 81 only).
    expect(fresh.filter((k) => k.startsWith('HALF_OPEN'))).toEqual(['HALF_OPEN_EGRESS default/a-out egress:namespaceSelector {} podSelector {app=c}', 'HALF_OPEN_INGRESS other/c-in ingress:namespaceSelector {} podSelector {app=a}']);
    expect(newCodes(diffFindingsOf(cluster(out(80), cIn), cluster(out('http'), cIn))).filter((k) => k.startsWith('UNKNOWN_NAMED_PORT'))).toEqual(['UNKNOWN_NAMED_PORT default/a-out egress:http/TCP']);
  });
});

/** The three silent bug-report situations: each PR said "No change" (or only closed paths) before. */
describe('bug-report cases', () => {
  const check = (base: Obj[], head: Obj[]) => {
    const report = analyzeDiff([{ path: 'k8s.yaml', text: manifests(...base) }], [{ path: 'k8s.yaml', text: manifests(...head) }], { findings: DEFAULT_FINDINGS_CONFIG });
    const shown = { ...report, findings: report.findings.filter((f) => f.new) };
    const run = checkRunResult(shown, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: false, text: renderDiffMarkdown(shown) });
    return { report, shown, run, md: renderDiffMarkdown(shown) };
  };

  it('egress rules added to a policy with policyTypes: [Ingress] are ignored: no path changes, but a finding says so', () => {
    const before = policy('default', 'web', { podSelector: app('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app('b') }] }] });
    const after = policy('default', 'web', { podSelector: app('a'), policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: app('b') }] }], egress: [{ to: [{ podSelector: app('b') }] }] });
    const { report, shown, run, md } = check(cluster(before), cluster(after));
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(newCodes(shown.findings)).toEqual(['RULES_IGNORED_BY_POLICY_TYPES default/web egress']);
    expect(md).toContain('No change in allowed connectivity; 1 new finding.');
    expect(md).toContain('Rules of a direction missing from policyTypes');
    expect(run.conclusion).toBe('neutral');
    expect(run.annotations).toEqual([expect.objectContaining({ path: 'k8s.yaml', annotation_level: 'warning', title: 'Rules of a direction missing from policyTypes [RULES_IGNORED_BY_POLICY_TYPES]' })]);
  });

  it('a deny-all whose podSelector requires two labels no pod has together selects nothing', () => {
    const denyAllWrong = policy('default', 'deny-all', { podSelector: { matchLabels: { app: 'a', tier: 'db' } }, policyTypes: ['Ingress', 'Egress'] });
    const { report, shown, run } = check(cluster(deployment('default', 'db', { tier: 'db' })), cluster(deployment('default', 'db', { tier: 'db' }), denyAllWrong));
    // No workload's path changes; only pods the manifests do not hold (app=a,tier=db) would be isolated.
    expect(report.counts.opened).toBe(0);
    expect(report.pairs.filter((p) => p.src.type === 'workload' && p.dst.type === 'workload')).toEqual([]);
    expect(report.pairs.every((p) => [p.src, p.dst].some((e) => e.type === 'pods' && e.peer.id === 'default/[pod with {app=a,tier=db}]'))).toBe(true);
    expect(newCodes(shown.findings)).toEqual(['POLICY_SELECTS_NOTHING default/deny-all app=a,tier=db']);
    expect(run.annotations[0]).toMatchObject({ annotation_level: 'warning' });
  });

  it("an allow-DNS rule with CoreDNS's pod label as a namespaceSelector blocks DNS: an error that fails the check", () => {
    const base = cluster(namespace('kube-system'), COREDNS);
    const wrongDns = allowDns('default', { namespaceSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } });
    const { shown, run } = check(base, [...base, denyAll('default'), wrongDns]);
    const fresh = newCodes(shown.findings);
    expect(fresh).toEqual(expect.arrayContaining(['DNS_EGRESS_MISSING default/a[Deployment] dns', 'DNS_EGRESS_MISSING default/b[Deployment] dns']));
    expect(shown.findings.find((f) => f.code === 'PEER_SELECTS_NOTHING')?.message).toContain("CoreDNS's pod label used as a namespace selector");
    expect(run.conclusion).toBe('failure');
    expect(run.annotations.filter((a) => a.annotation_level === 'failure').length).toBeGreaterThanOrEqual(2);
    // Fixed: the same PR with the right selector has no DNS finding.
    const rightDns = allowDns('default', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } });
    expect(newCodes(check(base, [...base, denyAll('default'), rightDns]).shown.findings).filter((k) => k.startsWith('DNS'))).toEqual([]);
  });
});
