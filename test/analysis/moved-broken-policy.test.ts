/**
 * A policy moved into another file and broken there (a YAML syntax error): the sync fails on that file, and
 * neither kubectl (which deletes nothing it does not apply) nor a controller whose build fails removes base's
 * copy, so the cluster keeps base's version. The broken document stands for it when its text still names the
 * policy's kind and name (as the rollback pairs it, unparsed-edits.ts). Before, the policy read as not applied
 * and the paths it guarded as opened (nu41b's left item). The error still fails the check at its line.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { diffText } from '../../src/report/diff-text.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const pods = {
  path: 'a.yaml',
  text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p1, namespace: web, labels: {app: p}}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p2, namespace: web, labels: {app: q}}\nspec: {containers: [{name: c, image: i}]}\n',
};
const deny = (tail: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: web\nspec:\n  podSelector: {}\n${tail}`;
const base = [pods, { path: 'pol.yaml', text: deny('  policyTypes: [Ingress]\n') }];
/** The policy moved to a file of its own, with a YAML error at line 8. */
const moved = { path: 'moved.yaml', text: deny('  policyTypes: [Ingress\n') };

describe('a policy moved into a file and broken there keeps base\'s version', () => {
  it('nothing opens; the error fails the check at its line and says the cluster keeps base\'s version', () => {
    const report = analyzeDiff(base, [pods, moved]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.errors.introduced.map((d) => `${d.ref.file}:${d.ref.line}: ${d.message}`)).toEqual([
      "moved.yaml:8: cannot parse: unexpected end of the stream within a flow collection; the sync fails on moved.yaml and the cluster keeps base's version of NetworkPolicy web/deny (base:pol.yaml:1); analysed with base's",
    ]);
    expect(diffText(report)).not.toMatch(/could not be read|[Oo]pen/);
    expect(report.rollback.documents).toEqual([]);
  });

  it('into a file base could not parse either: base\'s version is kept too', () => {
    const broken = 'x: [\n';
    const report = analyzeDiff([...base, { path: 'old.yaml', text: broken }], [pods, { path: 'old.yaml', text: `${moved.text}---\n${broken}` }]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
  });

  it('diff --explain of a pair it decides: no change', () => {
    const r = explainDiffFiles(base, [pods, moved], { from: 'web/p2', to: 'web/p1', ports: [] });
    if (!r.ok) throw new Error(r.message);
    expect(explainDiffText(r.value, peerLabels(r.value.workloads)).split('\n')[0]).not.toMatch(/opens|closes/);
  });

  it('a policy removed on purpose while another file is broken is removed: its paths open', () => {
    const report = analyzeDiff(base, [pods, { path: 'other.yaml', text: 'kind: ConfigMap\nmetadata: {name: x, namespace: web}\ndata: [\n' }]);
    expect(report.counts.opened).toBeGreaterThan(0);
  });
});
