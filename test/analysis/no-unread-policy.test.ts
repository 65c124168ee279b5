/**
 * No policy head holds is left unread: a policy whose head document does not parse, or that the API server would
 * reject, or whose document lost its name, is analysed with base's version (rejected-objects.ts); one whose broken
 * document no longer names it is read as removed. So `diff` has no reason saying head could not read a policy (the `policy-unreadable` kind, which no
 * loader path produced any more, is gone from the code and the docs), and `diff --explain` no list of such policies.
 */
import { readFileSync } from 'node:fs';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';

const pods = {
  path: 'a.yaml',
  text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: web, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}\n',
};
const second = { path: 'b.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p2, namespace: web, labels: {app: q}}\nspec: {containers: [{name: c, image: i}]}\n' };
const policy = (tail: string, metadata = 'metadata:\n  name: deny\n  namespace: web\n') => ({ path: 'pol.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${metadata}spec:\n  podSelector: {}\n${tail}` });
const base = [pods, second, policy('  policyTypes: [Ingress]\n')];

const kinds = (head: { path: string; text: string }[]) => {
  const json = diffJsonObject(analyzeDiff(base, head)) as { pairs: { why: { opened: { kind: string }[]; closed: { kind: string }[] } }[] };
  return new Set(json.pairs.flatMap((p) => [...p.why.opened, ...p.why.closed].map((r) => r.kind)));
};

describe('a policy head holds and cannot read', () => {
  it('broken in its file, moved and broken, rejected: base\'s version, no reason of a policy not read', () => {
    for (const head of [
      [pods, second, policy('  policyTypes: [Ingress\n')],
      [pods, second, { ...policy('  policyTypes: [Ingress\n'), path: 'moved.yaml' }],
      [pods, second, policy('  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.0/33}\n')],
    ]) {
      expect(analyzeDiff(base, head).counts).toMatchObject({ opened: 0, closed: 0 });
      expect(kinds(head).has('policy-unreadable')).toBe(false);
    }
  });

  it("its name gone from the document: base's version too (the API server refuses the nameless document, and nothing deletes base's policy)", () => {
    const head = [pods, second, policy('  policyTypes: [Ingress]\n', 'metadata:\n  namespace: web\n')];
    expect(analyzeDiff(base, head).counts).toMatchObject({ opened: 0, closed: 0 });
    expect(kinds(head).has('policy-unreadable')).toBe(false);
  });

  it('diff --explain keeps no list of policies head could not read', () => {
    const r = explainDiffFiles(base, [pods, second, { ...policy('  policyTypes: [Ingress\n'), path: 'moved.yaml' }], { from: 'web/p2', to: 'web/p1', ports: [] });
    if (!r.ok) throw new Error(r.message);
    expect(Object.keys(r.value)).not.toContain('unreadable');
  });

  it('the docs name no such reason kind', () => {
    for (const doc of ['docs/output-formats.md', 'docs/report.md']) expect(readFileSync(doc, 'utf8')).not.toContain('policy-unreadable');
  });
});
