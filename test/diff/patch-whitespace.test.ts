/**
 * Every rollback patch passes `git apply --whitespace=error` (the test helper applies them all that
 * way): no blank line added at the end of a file, no trailing whitespace on the lines it restores.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { patchedFiles } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const allowAll = deny.replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress:\n  - {}');

async function roundTrip(base: ManifestFile[], head: ManifestFile[]) {
  const report = analyzeDiff(base, head);
  expect(report.rollback.documents.length).toBeGreaterThan(0);
  const after = await patchedFiles(head, report.rollback.patch);
  expect(analyzeDiff(base, after).counts.opened).toBe(0);
  return after;
}

describe('rollback patches pass git apply --whitespace=error', () => {
  it('reverting an edit to the last document of a file adds no blank line at its end', async () => {
    const after = await roundTrip([{ path: 'all.yaml', text: `${ns}---\n${app}---\n${deny}` }], [{ path: 'all.yaml', text: `${ns}---\n${app}---\n${allowAll}` }]);
    expect(after[0].text).toBe(`${ns}---\n${app}---\n${deny}`);
  });

  it('deleting an added last document', async () => {
    const base = [{ path: 'all.yaml', text: `${ns}---\n${app}---\n${deny}` }];
    const after = await roundTrip(base, [{ path: 'all.yaml', text: `${ns}---\n${app}---\n${deny}---\n${allowAll.replace('name: deny', 'name: open')}` }]);
    expect(after[0].text).toBe(base[0].text);
  });

  it('restoring a removed document whose base lines carry trailing spaces', async () => {
    const spaced = deny.replace('podSelector: {}', 'podSelector: {}   ');
    const after = await roundTrip([{ path: 'a.yaml', text: `${ns}---\n${app}` }, { path: 'p.yaml', text: spaced }], [{ path: 'a.yaml', text: `${ns}---\n${app}` }]);
    expect(after.map((f) => f.path)).toContain('p.yaml');
  });

  it('reverting an edit when base lines carry trailing spaces', async () => {
    const spaced = deny.replace('policyTypes: [Ingress]', 'policyTypes: [Ingress] ');
    await roundTrip([{ path: 'all.yaml', text: `${app}---\n${spaced}` }], [{ path: 'all.yaml', text: `${app}---\n${allowAll}` }]);
  });
});
