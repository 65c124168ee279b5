/**
 * A head file that does not parse (a YAML syntax error, new-user trial 41 finding 8): kubectl, Kustomize
 * (Flux's build) and Argo CD's manifest generation read a file at once and fail on it, so the cluster keeps
 * base's version of every object of the file. Head is analysed with base's: the broken policy is not read as
 * removed (no paths), the error still fails the check at its line and says what the cluster keeps. A file
 * base could not parse either brought no new error: read as before.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const pods = {
  path: 'a.yaml',
  text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: web, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}\n',
};
const policy = (name: string, spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: web}\nspec:\n  podSelector: {}\n${spec}`;
const denyIn = policy('deny-in', '  policyTypes: [Ingress]\n');
const denyOut = policy('deny-out', '  policyTypes: [Egress]\n');
const allowOut = policy('deny-out', '  policyTypes: [Egress]\n  egress: [{}]\n');

describe('a head file that does not parse keeps base\'s objects of it', () => {
  it('a syntax error in the policy\'s own document: nothing opens, the error still fails the check at its line', () => {
    // Line 7, the end of the stream, is where js-yaml sees the unclosed flow sequence of line 6.
    const report = analyzeDiff([pods, { path: 'pol.yaml', text: denyIn }], [pods, { path: 'pol.yaml', text: `${denyIn}x: [\n` }]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    const errors = report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.code}: ${d.message}`);
    expect(errors).toEqual([
      "pol.yaml:7: YAML_SYNTAX: cannot parse: unexpected end of the stream within a flow collection; the sync fails on pol.yaml and the cluster keeps base's version of NetworkPolicy web/deny-in (base:pol.yaml:1); analysed with base's",
    ]);
    expect(diffText(report)).not.toMatch(/could not be read|removed|[Oo]pens/);
  });

  it('a multi-document file: its other documents, parsed, are base\'s too (an edit there opens nothing)', () => {
    const base = [pods, { path: 'pol.yaml', text: `${denyIn}---\n${denyOut}` }];
    // deny-out loosened in a document that parses; deny-in broken in the other.
    const head = [pods, { path: 'pol.yaml', text: `${denyIn.replace('[Ingress]', '[Ingress')}---\n${allowOut}` }];
    const report = analyzeDiff(base, head);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    const message = report.errors.introduced.find((d) => d.code === 'YAML_SYNTAX')?.message;
    expect(message).toContain("the cluster keeps base's versions of NetworkPolicy web/deny-in (base:pol.yaml:1), NetworkPolicy web/deny-out (base:pol.yaml:8)");
  });

  it('an object new in a parsed document of a broken file is not applied', () => {
    const base = [pods, { path: 'pol.yaml', text: denyIn }];
    const head = [pods, { path: 'pol.yaml', text: `${denyIn}---\n${denyOut}---\nx: [\n` }];
    expect(analyzeDiff(base, head).counts).toMatchObject({ opened: 0, closed: 0 });
  });

  it('the same edit without the syntax error is analysed as written', () => {
    const report = analyzeDiff([pods, { path: 'pol.yaml', text: denyIn }], [pods, { path: 'pol.yaml', text: `${denyIn}---\n${denyOut}` }]);
    expect(report.counts.closed).toBeGreaterThan(0);
  });

  it('a file base could not parse either is read as before: its parsed documents are head\'s', () => {
    const base = [pods, { path: 'pol.yaml', text: `${denyIn}---\nx: [\n` }];
    const head = [pods, { path: 'pol.yaml', text: `${denyIn}---\n${denyOut}---\nx: [\n` }];
    expect(analyzeDiff(base, head).counts.closed).toBeGreaterThan(0);
  });
});
