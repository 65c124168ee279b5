/**
 * A policy that head holds but cannot read, in a file base did not hold it in (moved there with a YAML
 * error), is not applied: the paths it closed open. Their reasons say so at the error's position, so a
 * reviewer sees the cause and not only "no policy isolates …". (A broken file base holds leaves base's
 * objects of it in the cluster, unparsed-file.test.ts; one the API server rejects, rejected-objects.test.ts.)
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import { reasonText } from '../../src/report/reason-text.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffJson } from '../../src/report/explain-json.js';
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
  it('a YAML error: every opened path names the policy and the error\'s line first', () => {
    const why = whyLines([pods, moved]);
    for (const lines of why) {
      expect(lines[0]).toBe('NetworkPolicy web/deny could not be read, so head does not apply it: cannot parse: unexpected end of the stream within a flow collection (moved.yaml:8)');
    }
  });

  it('a value the API server rejects opens nothing: the cluster keeps base\'s version (rejected-objects.test.ts)', () => {
    const report = analyzeDiff(base, [pods, policy('  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.0/33}\n')]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.errors.introduced.map((d) => d.message)).toContain("NetworkPolicy web/deny: head's version would be rejected by the API server (pol.yaml:11), so the sync fails on it and the cluster keeps base's version (base:pol.yaml:1); analysed with base's");
  });

  it('the lines of paths with pods the manifests do not hold give that reason first too', () => {
    const text = diffText(analyzeDiff(base, [pods, moved]));
    const line = text.split('\n').find((l) => l.includes('now admits'))!;
    expect(line).toMatch(/on all ports, NetworkPolicy web\/deny could not be read, so head does not apply it: cannot parse: .* \(moved\.yaml:8\), /);
  });

  it('in the JSON, a reason of kind policy-unreadable with the error\'s position and message', () => {
    const json = diffJsonObject(analyzeDiff(base, [pods, moved])) as { pairs: { why: { opened: { kind: string; ref?: { file: string; line: number }; error?: string }[] } }[] };
    const first = json.pairs[0].why.opened[0];
    expect(first).toMatchObject({ kind: 'policy-unreadable', side: 'head', policy: 'web/deny', ref: { file: 'moved.yaml', line: 8 } });
    expect(first.error).toContain('cannot parse');
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

  it('says first, in text and JSON, that head does not apply it and why, at the error\'s line', () => {
    const report = explained([pods, second, moved], 'web/p2', 'web/p1');
    expect(report.unreadable.map((r) => r.policy)).toEqual(['web/deny']);
    const lines = explainDiffText(report, peerLabels(report.workloads)).split('\n');
    expect(lines[0]).toBe('web/p2 → web/p1: the change opens any port');
    expect(lines[1]).toMatch(/^ {2}why: NetworkPolicy web\/deny could not be read, so head does not apply it: cannot parse: .* \(moved\.yaml:8\)$/);
    const json = JSON.parse(explainDiffJson(report, peerLabels(report.workloads))) as { explain: { why?: { kind: string; ref: { line: number } }[] } };
    expect(json.explain.why).toMatchObject([{ kind: 'policy-unreadable', policy: 'web/deny', ref: { file: 'moved.yaml', line: 8 } }]);
  });

  it('says nothing of it when the policy was removed on purpose', () => {
    const report = explained([pods, second], 'web/p2', 'web/p1');
    expect(report.unreadable).toEqual([]);
    expect(explainDiffText(report, peerLabels(report.workloads))).not.toContain('could not be read');
  });
});
