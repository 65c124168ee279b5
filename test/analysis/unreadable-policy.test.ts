/**
 * A policy that head holds but cannot read would not be applied, and the paths it closed would open; their
 * reasons would say so at the error's position (`policy-unreadable`). Every such case the loader meets keeps
 * base's version instead: a broken file base holds (unparsed-file.test.ts), a policy moved into a file and
 * broken there (moved-broken-policy.test.ts), one the API server rejects (rejected-objects.test.ts).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { reasonText } from '../../src/report/reason-text.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const pods = {
  path: 'a.yaml',
  text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: web, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}\n',
};
const policy = (tail: string) => ({
  path: 'pol.yaml',
  text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: web\nspec:\n  podSelector: {}\n${tail}`,
});
const base = [pods, policy('  policyTypes: [Ingress]\n')];
/** The policy moved to a file of its own in head, with a YAML error at line 8. */
const moved = { ...policy('  policyTypes: [Ingress\n'), path: 'moved.yaml' };

function whyLines(head: { path: string; text: string }[]): string[][] {
  const report = analyzeDiff(base, head);
  expect(report.counts.opened).toBeGreaterThan(0);
  return report.pairs.filter((p) => p.opened).map((p) => p.whyOpened.map((r) => reasonText(r)));
}

describe('paths opened because head could not read a policy', () => {
  it('a YAML error in the moved policy opens nothing: the cluster keeps base\'s version (moved-broken-policy.test.ts), no reason says it could not be read', () => {
    const report = analyzeDiff(base, [pods, moved]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(diffText(report)).not.toContain('could not be read');
  });

  it('the reason\'s text and JSON, where head could not read a policy it still holds: the policy, the error and its position', () => {
    const reason = { kind: 'policy-unreadable' as const, side: 'head' as const, policy: 'web/deny', ref: { file: 'moved.yaml', line: 8 }, error: 'cannot parse: unexpected end of the stream within a flow collection' };
    expect(reasonText(reason)).toBe('NetworkPolicy web/deny could not be read, so head does not apply it: cannot parse: unexpected end of the stream within a flow collection (moved.yaml:8)');
  });

  it('a value the API server rejects opens nothing: the cluster keeps base\'s version (rejected-objects.test.ts)', () => {
    const report = analyzeDiff(base, [pods, policy('  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.0/33}\n')]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.errors.introduced.map((d) => d.message)).toContain("NetworkPolicy web/deny: head's version would be rejected by the API server (pol.yaml:11), so the sync fails on it and the cluster keeps base's version (base:pol.yaml:1); analysed with base's");
  });

  it('a policy removed on purpose keeps its reasons (nothing unreadable)', () => {
    const why = whyLines([pods]);
    expect(why.flat().some((l) => l.includes('could not be read'))).toBe(false);
  });
});

describe('diff --explain of a pair a policy head could not read decided', () => {
  const second = {
    path: 'b.yaml',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p2, namespace: web, labels: {app: q}}\nspec: {containers: [{name: c, image: i}]}\n',
  };
  const explained = (head: { path: string; text: string }[], from: string, to: string) => {
    const r = explainDiffFiles([pods, second, policy('  policyTypes: [Ingress]\n')], head, { from, to, ports: [] });
    if (!r.ok) throw new Error(r.message);
    return r.value;
  };

  it('a policy moved into a file and broken there: base\'s version is kept, so nothing is unreadable and the pair does not change', () => {
    const report = explained([pods, second, moved], 'web/p2', 'web/p1');
    expect(report.unreadable).toEqual([]);
    expect(explainDiffText(report, peerLabels(report.workloads)).split('\n')[0]).not.toMatch(/opens|closes/);
  });

  it('says nothing of it when the policy was removed on purpose', () => {
    const report = explained([pods, second], 'web/p2', 'web/p1');
    expect(report.unreadable).toEqual([]);
    expect(explainDiffText(report, peerLabels(report.workloads))).not.toContain('could not be read');
  });
});
