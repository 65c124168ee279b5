/**
 * A head document that lost its object's name (`metadata.name` deleted, or written as a number): the API
 * server refuses it and nothing deletes base's object the document stood for, so head is analysed with
 * base's version of it, as for any edit the API server rejects (rejected-objects.ts). Before, the policy
 * read as deleted: "3 paths opened" and a rollback that appended a second copy of the policy.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const pod = (name: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: web, labels: {app: ${app}}}\nspec: {containers: [{name: c, image: i}]}\n`;
const pods = { path: 'pods.yaml', text: `${pod('p1', 'p')}---\n${pod('p2', 'q')}` };
const policy = (name: string, body = '  policyTypes: [Ingress]\n') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${name}  namespace: web\nspec:\n  podSelector: {}\n${body}`;
const deny = policy('  name: deny\n');
const allowAll = policy('  name: allow-all\n', '  policyTypes: [Ingress]\n  ingress: [{}]\n');

describe('a policy whose metadata.name head deletes', () => {
  const report = analyzeDiff([pods, { path: 'deny.yaml', text: deny }], [pods, { path: 'deny.yaml', text: policy('') }]);

  it('opens nothing: the cluster keeps base\'s policy', () => {
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.rollback.documents).toEqual([]);
  });

  it('says so at the document, naming base\'s version, and the error still fails the check', () => {
    const messages = report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.message} [${d.code}]`);
    expect(messages).toEqual([
      "deny.yaml:1: NetworkPolicy web/deny: head's version has no usable metadata.name, so the API server rejects it and the cluster keeps base's version (base:deny.yaml:1); analysed with base's [MISSING_FIELD]",
    ]);
    expect(diffText(report)).not.toMatch(/opened|removed/);
  });

  it('a name written as a number is the same', () => {
    const r = analyzeDiff([pods, { path: 'deny.yaml', text: deny }], [pods, { path: 'deny.yaml', text: policy('  name: 42\n') }]);
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(r.errors.introduced.map((d) => d.code)).toEqual(['INVALID_NAME']);
    // At the name's line, which the message does not repeat.
    expect(r.errors.introduced[0].ref.line).toBe(4);
    expect(r.errors.introduced[0].message).toContain("NetworkPolicy web/deny: head's version has no usable metadata.name, so");
  });
});

describe('which of base\'s objects a nameless document stood for', () => {
  const both = `${deny}---\n${allowAll}`;

  it('with several of its kind in the file: the one at the same place among the documents', () => {
    // The second document (allow-all) loses its name: base's allow-all stays, so nothing closes.
    const head = `${deny}---\n${policy('', '  policyTypes: [Ingress]\n  ingress: [{}]\n')}`;
    const r = analyzeDiff([pods, { path: 'p.yaml', text: both }], [pods, { path: 'p.yaml', text: head }]);
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(r.errors.introduced[0].message).toContain('NetworkPolicy web/allow-all: ');
  });

  it('an object head moved elsewhere is not it: the nameless document stands for nothing', () => {
    // allow-all moved to its own file; deny lost its name: deny is kept, allow-all is head's own.
    const r = analyzeDiff([pods, { path: 'p.yaml', text: both }], [pods, { path: 'p.yaml', text: policy('') }, { path: 'a.yaml', text: allowAll }]);
    expect(r.errors.introduced[0].message).toContain('NetworkPolicy web/deny: ');
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
  });

  it('a nameless document new on head stands for nothing: it is ignored, with the loader\'s error', () => {
    const r = analyzeDiff([pods, { path: 'deny.yaml', text: deny }], [pods, { path: 'deny.yaml', text: deny }, { path: 'x.yaml', text: policy('', '  policyTypes: [Ingress]\n  ingress: [{}]\n') }]);
    expect(r.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(r.errors.introduced.map((d) => d.message)).toEqual(['NetworkPolicy without metadata.name; ignored']);
  });

  it('a deleted policy beside it still counts as deleted', () => {
    // Base: deny and allow-all in two files; head drops allow-all's file and deny's name.
    const r = analyzeDiff([pods, { path: 'deny.yaml', text: deny }, { path: 'a.yaml', text: allowAll }], [pods, { path: 'deny.yaml', text: policy('') }]);
    expect(r.counts.opened).toBe(0);
    expect(r.counts.closed).toBeGreaterThan(0);
  });
});
