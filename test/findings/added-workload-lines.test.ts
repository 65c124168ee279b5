/**
 * A new finding about a workload the change adds (DNS_EGRESS_MISSING: its egress isolated by a policy that was
 * there before) is told at the workload added, not at the existing policy's line, which the pull request does not
 * touch (analysis/added-workload-findings.ts; new-user trial 50). Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';

/** 11 lines: isolates every pod of billing for egress and allows none. */
const ISOLATE = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: invoices\n  namespace: billing\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - {}\n  egress: []\n';
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: billing\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: c\n          image: nginx\n`;

type Json = { findings: { code: string; new: boolean; file: string; line: number }[] };
const dns = (json: string) => (JSON.parse(json) as Json).findings.filter((f) => f.code === 'DNS_EGRESS_MISSING' && f.new).map((f) => `${f.file}:${f.line}`);

describe('a finding made new by a workload the change adds', () => {
  it('added below the policy in its file: at the workload (line 13), in text, Markdown and JSON', async () => {
    const base = { 'billing/all.yaml': ISOLATE };
    const head = { 'billing/all.yaml': `${ISOLATE}---\n${deploy('reports')}` };
    expect(dns(await diffReport(base, head, 'json'))).toEqual(['billing/all.yaml:13']);
    const text = await diffReport(base, head);
    expect(text).toContain('billing/all.yaml:13: error: billing/reports[Deployment] cannot reach cluster DNS');
    expect(text).not.toMatch(/billing\/all\.yaml:1:/);
    const md = await diffReport(base, head, 'md');
    expect(md).toMatch(/billing\/all\.yaml:13\b/);
    expect(md).not.toMatch(/billing\/all\.yaml:1\b/);
  });

  it('added by a kustomization `resources` entry: at that entry', async () => {
    const kz = (apps: boolean) => `resources:\n  - policy.yaml\n${apps ? '  - app.yaml\n' : ''}`;
    const base = { 'billing/kustomization.yaml': kz(false), 'billing/policy.yaml': ISOLATE, 'billing/app.yaml': deploy('reports') };
    const head = { ...base, 'billing/kustomization.yaml': kz(true) };
    expect(dns(await diffReport(base, head, 'json'))).toEqual(['billing/kustomization.yaml:3']);
  });

  it('the isolating policy edited by the same change: at the policy, where the change edits', async () => {
    const base = { 'billing/all.yaml': ISOLATE.replace('  egress: []\n', '  egress:\n    - {}\n') };
    const head = { 'billing/all.yaml': `${ISOLATE}---\n${deploy('reports')}` };
    expect(dns(await diffReport(base, head, 'json'))).toEqual(['billing/all.yaml:1']);
  });
});
