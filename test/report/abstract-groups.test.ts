/**
 * Abstract pairs in text, Markdown and the check run: one line per rule peer (ingress read from the
 * destination's side, egress from the source's, closed paths too, the rule's file:line), JSON still
 * pair by pair, and the `incomplete` bound said in every human format.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const file = (path: string, text: string) => ({ path, text });
const doc = (kind: string, namespace: string, name: string, spec: object) =>
  `apiVersion: ${kind === 'Deployment' ? 'apps/v1' : 'networking.k8s.io/v1'}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec: ${JSON.stringify(spec)}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  doc('Deployment', namespace, name, { template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'x' }] } } });
const policy = (namespace: string, name: string, spec: object) => doc('NetworkPolicy', namespace, name, spec);

/** The platform repo: ledger-dev holds a default-deny; head adds allow-civil (ingress from ledger-civil, egress to team=data on 5432). */
const ALLOW_CIVIL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-civil
  namespace: ledger-dev
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels: {kubernetes.io/metadata.name: ledger-civil}
  egress:
  - to:
    - namespaceSelector: {matchLabels: {team: data}}
    ports: [{port: 5432}]
`;
const DENY = policy('ledger-dev', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('abstract pairs grouped per rule', () => {
  const base = [file('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ledger-dev}\n'), file('deny.yaml', DENY)];
  const opened = analyzeDiff(base, [...base, file('policies/ledger-dev/allow-civil.yaml', ALLOW_CIVIL)]);
  const closed = analyzeDiff([...base, file('policies/ledger-dev/allow-civil.yaml', ALLOW_CIVIL)], base);

  it('text: one line per opened rule peer, ingress from the destination, egress from the source, with the rule line', () => {
    const text = diffText(opened);
    expect(text).toContain('Opened with pods the manifests do not hold, by rule (2 paths):\n');
    expect(text).toContain('  ledger-dev/[all pods] now admits ledger-civil/[all pods] on all ports, policies/ledger-dev/allow-civil.yaml:9\n');
    expect(text).toContain('  ledger-dev/[all pods] may now send to [namespace with {team=data}]/[all pods] on TCP 5432, policies/ledger-dev/allow-civil.yaml:13\n');
    // Not listed again pair by pair.
    expect(text).not.toContain('=> ledger-dev/[all pods]');
  });

  it('text: closed paths read "no longer admits" and "may no longer send to", with the base line and what head changed', () => {
    const text = diffText(closed);
    expect(text).toContain('  ledger-dev/[all pods] no longer admits ledger-civil/[all pods] on all ports, base:policies/ledger-dev/allow-civil.yaml:9; NetworkPolicy ledger-dev/allow-civil was removed (base:policies/ledger-dev/allow-civil.yaml:1)\n');
    expect(text).toContain('  ledger-dev/[all pods] may no longer send to [namespace with {team=data}]/[all pods] on TCP 5432, base:policies/ledger-dev/allow-civil.yaml:13;');
  });

  it('Markdown (the App comment): the same lines, peers in code, lines linked', () => {
    const md = renderDiffMarkdown(opened, { link: (ref) => `https://example.test/${ref.file}#L${ref.line}` });
    expect(md).toContain('#### Opened with pods the manifests do not hold (2 paths)');
    expect(md).toContain('- `ledger-dev/[all pods]` now admits `ledger-civil/[all pods]` on all ports, [policies/ledger-dev/allow-civil.yaml:9](https://example.test/policies/ledger-dev/allow-civil.yaml#L9)\n');
    expect(md).not.toContain('#### Opened paths');
  });

  it('JSON keeps every pair', () => {
    const json = diffJsonObject(opened) as { pairs: { src: { id: string }; dst: { id: string } }[] };
    expect(json.pairs.map((p) => `${p.src.id} => ${p.dst.id}`).sort()).toEqual(['ledger-civil/[all pods] => ledger-dev/[all pods]', 'ledger-dev/[all pods] => [namespace with {team=data}]/[all pods]']);
  });

  it('one rule opened toward many workloads is one line: the text names every one (it keeps every path), Markdown a few and counts the rest', () => {
    const apps = ['a', 'b', 'c', 'd', 'e'].map((n) => deployment('shop', n, { tier: 'web', app: n })).join('---\n');
    const rule = (extra: object[]) => policy('shop', 'web', { podSelector: { matchLabels: { tier: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }] }, ...extra] });
    const scrape = { from: [{ namespaceSelector: { matchLabels: { team: 'obs' } } }], ports: [{ port: 9090 }] };
    const report = analyzeDiff([file('a.yaml', apps), file('p.yaml', rule([]))], [file('a.yaml', apps), file('p.yaml', rule([scrape]))]);
    expect(report.pairs.length).toBe(5);
    const lines = diffText(report).split('\n').filter((l) => l.includes('now admit'));
    expect(lines).toEqual(['  shop/a[Deployment], shop/b[Deployment], shop/c[Deployment], shop/d[Deployment], shop/e[Deployment] now admit [namespace with {team=obs}]/[all pods] on TCP 9090, p.yaml:6']);
    const md = renderDiffMarkdown(report).split('\n').filter((l) => l.includes('now admit'));
    expect(md).toEqual([expect.stringContaining('`shop/a`, `shop/b`, `shop/c` and 2 more now admit')]);
  });
});

describe('one line per rule, the workloads it names folded in', () => {
  it('a rule admitting the pods of its namespace toward pods the manifests do not hold is one line, not one per workload', () => {
    const apps = ['a', 'b', 'c', 'd', 'e'].map((n) => deployment('kf', n, { app: n })).join('---\n');
    const store = (from: object[]) => policy('kf', 'store', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['seaweedfs'] }] }, ingress: [{ from, ports: [{ port: 8333 }] }] });
    const report = analyzeDiff([file('a.yaml', apps), file('p.yaml', store([{ podSelector: { matchLabels: { app: 'a' } } }]))], [file('a.yaml', apps), file('p.yaml', store([{ podSelector: {} }]))]);
    const lines = diffText(report).split('\n').filter((l) => l.includes('now admit'));
    // kf/b … kf/e sit in the region of kf/[all pods] beside app=a: the rule peer, with them in brackets (all four named: "and 1 more" would hide one), not them beside it.
    // app=a pods were admitted already: no exception (they have it), the line says some may have had it.
    expect(lines).toEqual(['  kf/[pod with {app=seaweedfs}] now admits kf/[all pods] (kf/b[Deployment], kf/c[Deployment], kf/d[Deployment], kf/e[Deployment] today) on TCP 8333 (some of these pods may have had TCP 8333 already), p.yaml:6']);
  });
});

describe('the region bound, said in every human format', () => {
  // 13 policies on independent keys in one namespace: 2^13 parts, past the 4,096 bound.
  const policies = (peer: string) => Array.from({ length: 13 }, (_, i) => policy('wide', `p${i}`, { podSelector: { matchLabels: { [`k${i}`]: 'v' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: i === 0 ? peer : 'x' } } }] }] })).join('---\n');
  const report = analyzeDiff([file('p.yaml', policies('x'))], [file('p.yaml', policies('y'))]);

  it('is incomplete in JSON, a note in text and Markdown, and the check run is not success when policies changed', () => {
    expect(report.abstractPeers?.incomplete).toBe(true);
    expect(diffText(report)).toMatch(/\nNote: Incomplete for pods the manifests do not hold: .* paths to or from such pods may be missing\./);
    expect(renderDiffMarkdown(report)).toMatch(/\n> ⚠️ Incomplete for pods the manifests do not hold: /);
    const run = checkRunResult(report, { failOn: 'opened', otherChanges: 'success', rollbackButton: false, text: '' });
    expect(run.summary).toContain('Incomplete for pods the manifests do not hold');
    if (report.counts.opened + report.counts.closed === 0) expect(run.conclusion).toBe('neutral');
  });

  it('a complete analysis says nothing of it', () => {
    const small = analyzeDiff([file('d.yaml', DENY)], [file('d.yaml', DENY)]);
    expect(small.abstractPeers?.incomplete).toBe(false);
    expect(diffText(small)).not.toContain('Incomplete');
    expect(checkRunResult(small, { failOn: 'opened', otherChanges: 'success', rollbackButton: false, text: '' }).conclusion).toBe('success');
  });
});

describe('named ports toward pods the manifests do not hold', () => {
  const deny = policy('obs', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const scrape = (ports: object[]) => policy('obs', 'scrape', { podSelector: { matchLabels: { app: 'prometheus' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {} }], ports }] });

  it('a changed rule naming a port toward them is said, opens paths that carry the name, and the check fails', () => {
    const report = analyzeDiff([file('d.yaml', deny), file('s.yaml', scrape([{ port: 9090 }]))], [file('d.yaml', deny), file('s.yaml', scrape([{ port: 9090 }, { port: 'metrics' }]))]);
    expect(report.abstractPeers?.unresolvedNamedPorts).toEqual([expect.objectContaining({ side: 'head', policy: 'obs/scrape', direction: 'egress', rule: 0, ports: ['TCP/metrics'] })]);
    const note =
      'Named ports toward pods the manifests do not hold cannot be resolved to numbers (their container ports are unknown), so the paths carry them by name (e.g. TCP http), whatever number such a pod gives them; changed rules naming them: NetworkPolicy obs/scrape egress rule 1 (TCP port named metrics, s.yaml:6).';
    expect(diffText(report)).toContain(`Note: ${note}`);
    expect(renderDiffMarkdown(report)).toContain('NetworkPolicy obs/scrape egress rule 1 (TCP port named metrics, `s.yaml:6`)');
    expect((diffJsonObject(report) as { abstractPeers: { unresolvedNamedPorts: unknown[] } }).abstractPeers.unresolvedNamedPorts).toHaveLength(1);
    const run = checkRunResult(report, { failOn: 'opened', otherChanges: 'success', rollbackButton: false, text: '' });
    expect(run.summary).toContain(note);
    // The name is carried by the paths it opens toward those pods, so the check fails on them.
    expect(report.counts.opened).toBeGreaterThan(0);
    expect(diffText(report)).toContain('on TCP metrics');
    expect(run.conclusion).toBe('failure');
  });

  it('numeric ports only, or an unchanged rule: nothing to say', () => {
    const numeric = analyzeDiff([file('d.yaml', deny), file('s.yaml', scrape([{ port: 9090 }]))], [file('d.yaml', deny), file('s.yaml', scrape([{ port: 9091 }]))]);
    expect(numeric.abstractPeers?.unresolvedNamedPorts).toBeUndefined();
    const files = [file('d.yaml', deny), file('s.yaml', scrape([{ port: 'metrics' }]))];
    expect(analyzeDiff(files, files).abstractPeers?.unresolvedNamedPorts).toBeUndefined();
    expect(diffText(numeric)).not.toContain('Named ports');
  });
});
