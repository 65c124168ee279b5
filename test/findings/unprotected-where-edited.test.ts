/**
 * A new UNPROTECTED_WORKLOAD whose workload the change leaves alone is told at what the change edits of the
 * policy that isolated it (analysis/unprotected-causes.ts), not at the workload's document, a file the pull
 * request does not touch (cite49, left over): the head line where the policy was deleted, its `$patch: delete`,
 * the line that narrowed it. A workload the change adds keeps its own line. Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;
/** Line 6 `podSelector`. */
const DENY = (selector = '{}') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\nspec:\n  podSelector: ${selector}\n  policyTypes: [Ingress]\n`;
/** Lines 1–12: an egress policy that stays beside the deny (lines 14–20). */
const DNS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: 53\n          protocol: UDP\n';

type Json = { findings: { code: string; new: boolean; file: string; line: number }[] };
/** `file:line` of the new UNPROTECTED_WORKLOAD findings of the JSON report. */
const unprotected = (json: string) => (JSON.parse(json) as Json).findings.filter((f) => f.code === 'UNPROTECTED_WORKLOAD' && f.new).map((f) => `${f.file}:${f.line}`);

describe('a workload left unisolated by a policy the change takes away', () => {
  const plain = (deny: boolean, selector?: string): Files => ({
    'shop/kustomization.yaml': 'namespace: shop\nresources:\n  - app.yaml\n  - policies.yaml\n',
    'shop/app.yaml': deploy('web'),
    'shop/policies.yaml': deny ? `${DNS}---\n${DENY(selector)}` : DNS,
  });

  it('the deny deleted from a file that stays: at the head line where it was, in text, Markdown and JSON', async () => {
    const [base, head] = [plain(true), plain(false)];
    expect(unprotected(await diffReport(base, head, 'json'))).toEqual(['shop/policies.yaml:11']);
    const text = await diffReport(base, head);
    expect(text).toContain('shop/policies.yaml:11: warning: No NetworkPolicy selects shop/web[Deployment] for ingress');
    expect(text).not.toMatch(/shop\/app\.yaml:1\b/);
    const md = await diffReport(base, head, 'md');
    expect(md).toMatch(/shop\/policies\.yaml:11\b/);
    expect(md).not.toMatch(/shop\/app\.yaml:1\b/);
  });

  it('the deny narrowed to other pods: at the line that narrowed it', async () => {
    expect(unprotected(await diffReport(plain(true), plain(true, '{matchLabels: {app: db}}'), 'json'))).toEqual(['shop/policies.yaml:18']);
  });

  it('an overlay deleting it by a `$patch: delete`: at that line', async () => {
    const overlay = (patch: boolean): Files => ({
      ...plain(true),
      'overlays/prod/kustomization.yaml': `resources:\n  - ../../shop\n${patch ? 'patches:\n  - path: delete-deny.yaml\n' : ''}`,
      ...(patch ? { 'overlays/prod/delete-deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: shop\n$patch: delete\n' } : {}),
    });
    const json = await diffReport(overlay(false), overlay(true), 'json');
    expect(unprotected(json)).toEqual(['overlays/prod/delete-deny.yaml:6']);
    expect(await diffReport(overlay(false), overlay(true))).toContain('overlays/prod/delete-deny.yaml:6: warning: No NetworkPolicy selects shop/web[Deployment] for ingress');
  });

  it('a workload the change adds keeps the line that adds it (its `resources` entry)', async () => {
    const base = { ...plain(false), 'shop/kustomization.yaml': 'namespace: shop\nresources:\n  - policies.yaml\n' };
    expect(unprotected(await diffReport(base, plain(false), 'json'))).toEqual(['shop/kustomization.yaml:3']);
  });
});

/**
 * Every tier the engine models protects (engine/connectivity.ts `isFree`): an AdminNetworkPolicy or a
 * BaselineAdminNetworkPolicy that stops selecting the workload is the cause, cited where the change edits it.
 */
describe('a workload left unprotected by a cluster-wide policy the change edits or removes', () => {
  /** Line 6 the subject's namespace label value. */
  const ANP = (team: string) =>
    `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {team: ${team}}}\n  ingress:\n    - name: deny-all\n      action: Deny\n      from:\n        - namespaces: {}\n`;
  const BANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject:\n    namespaces: {}\n  egress:\n    - name: deny-all\n      action: Deny\n      to:\n        - namespaces: {}\n';
  const NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {team: shop}\n';
  // One plain folder: every file is applied.
  const tree = (cluster: string): Files => ({
    'shop/app.yaml': deploy('web').replace('name: web\n', 'name: web\n  namespace: shop\n'),
    'cluster/ns.yaml': NS,
    'cluster/tiers.yaml': cluster,
  });
  // A NetworkPolicy of egress keeps the egress side isolated in the ANP case, and of ingress in the BANP case.
  const egressNP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: eg\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
  const ingressNP = egressNP.replace('name: eg', 'name: in').replace('[Egress]', '[Ingress]');

  it('an AdminNetworkPolicy whose subject no longer selects the namespace: at the edited subject line, in text, Markdown and JSON', async () => {
    const base = { ...tree(ANP('shop')), 'shop/np.yaml': egressNP };
    const head = { ...tree(ANP('other')), 'shop/np.yaml': egressNP };
    expect(unprotected(await diffReport(base, head, 'json'))).toEqual(['cluster/tiers.yaml:7']);
    const text = await diffReport(base, head);
    expect(text).toMatch(/cluster\/tiers\.yaml:7: warning: No NetworkPolicy selects shop\/web\[Deployment\] for ingress/);
    expect(text).not.toMatch(/shop\/app\.yaml:1\b/);
    expect(await diffReport(base, head, 'md')).toMatch(/cluster\/tiers\.yaml:7\b/);
  });

  it('a BaselineAdminNetworkPolicy deleted from a file that stays: at the head line where it was', async () => {
    const base = { ...tree(`${NS.replace('shop', 'ops').replace('team: shop', 'team: ops')}---\n${BANP}`), 'shop/np.yaml': ingressNP };
    const head = { ...tree(NS.replace('shop', 'ops').replace('team: shop', 'team: ops')), 'shop/np.yaml': ingressNP };
    expect(unprotected(await diffReport(base, head, 'json'))).toEqual(['cluster/tiers.yaml:5']);
  });
});
