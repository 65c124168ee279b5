/**
 * An edit that leaves a document unparseable (a YAML syntax error) removes its objects from head; the
 * rollback replaces the broken lines with the base document, it does not append a second copy and
 * leave them (the file would still fail to parse). Every patch goes through `git apply --whitespace=error`.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles } from '../helpers/git.js';

const apps = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: db, labels: {team: db}}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pg, namespace: db}\nspec:\n  template:\n    metadata:\n      labels: {app: pg}\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tool, namespace: db}\nspec:\n  template:\n    metadata:\n      labels: {app: tool}\n',
].join('---\n');
const pgIn = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-in, namespace: db}\nspec:\n  podSelector: {matchLabels: {app: pg}}\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: web}}\n    ports: [{port: 5432}]\n';
const other = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: other\n  namespace: db\nspec:\n  podSelector: {matchLabels: {app: tool}}\n  policyTypes: [Egress]\n';
const flowBroken = pgIn.replace('{matchLabels: {app: web}}', '{matchLabels: {app: web}');
const blockBroken = pgIn.replace('  ingress:\n', '  ingress:\n - bad: [\n');

async function rollBack(base: ManifestFile[], head: ManifestFile[], stillBroken: string[] = []) {
  const report = analyzeDiff(base, head);
  expect(report.counts.opened).toBeGreaterThan(0);
  const after = await patchedFiles(head, report.rollback.patch);
  const again = analyzeDiff(base, after);
  expect(again.counts.opened).toBe(0);
  expect([...again.warnings.head].filter((d) => d.code === 'YAML_SYNTAX').map((d) => d.ref.file)).toEqual(stillBroken);
  return { report, after };
}

describe('rollback of a document an edit made unparseable', () => {
  it.each([
    ['a flow mapping left open, document first in its file', `${flowBroken}---\n${other}`, `${pgIn}---\n${other}`],
    ['a block sequence broken, document last in its file', `${other}---\n${blockBroken}`, `${other}---\n${pgIn}`],
    ['the only document of its file', flowBroken, pgIn],
  ])('%s: the sync fails on the file, so nothing opens and nothing is rolled back (unparsed-file.test.ts)', (_name, headPol, basePol) => {
    const report = analyzeDiff([{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: basePol }], [{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: headPol }]);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.rollback.documents).toEqual([]);
    expect([...report.warnings.head].filter((d) => d.code === 'YAML_SYNTAX').map((d) => d.ref.file)).toEqual(['pol.yaml']);
  });

  it('a document moved into a new file and broken there: base\'s version is kept (moved-broken-policy.test.ts), so nothing opens and nothing is rolled back', () => {
    const base = [{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: `${other}---\n${pgIn}` }];
    const head = [{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: other }, { path: 'pg.yaml', text: flowBroken }];
    const report = analyzeDiff(base, head);
    expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
    expect(report.rollback.documents).toEqual([]);
  });

  it('a document removed while another, unrelated document is broken is still restored by appending', async () => {
    const brokenOther = other.replace('policyTypes: [Egress]', 'policyTypes: [Egress');
    const base = [{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: `${other}---\n${pgIn}` }];
    const head = [{ path: 'apps.yaml', text: apps }, { path: 'pol.yaml', text: other }, { path: 'x.yaml', text: brokenOther }];
    const { report, after } = await rollBack(base, head, ['x.yaml']);
    expect(report.rollback.documents.find((c) => c.key === 'NetworkPolicy/db/pg-in')?.change).toBe('removed');
    expect(after.find((f) => f.path === 'pol.yaml')?.text).toBe(`${other}---\n${pgIn}`);
    expect(after.find((f) => f.path === 'x.yaml')?.text).toBe(brokenOther);
  });
});
