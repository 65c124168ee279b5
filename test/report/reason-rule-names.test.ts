/**
 * Every rule a path's why cites is named one way (policy-terms.ts `citedRuleName`, over `tierRuleName`): an
 * AdminNetworkPolicy rule with its `name`, a Cilium deny rule by its `ingressDeny`/`egressDeny` list, a Calico or
 * NetworkPolicy rule by its direction, in `tier-rule` reasons and in the `labels-changed` / `ports-changed` reasons
 * derived from them; the JSON reason keeps the name (`name`, `ruleName`). Before, the why said `ingress rule 1` alone
 * and a Cilium deny rule's label change `ingress rule 1`, not its list.
 */
import type { Reason } from '../../src/engine/index.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { reasonText } from '../../src/report/reason-text.js';
import { pairJson } from '../../src/report/diff-json.js';

const ref = { file: 'p.yaml', line: 9 };
const tierRule = (policy: string, name?: string): Reason => ({ kind: 'tier-rule', side: 'head', direction: 'ingress', tier: 'Admin', action: 'Deny', policy, rule: 0, ...(name ? { name } : {}), ref });

describe('the rule a why cites, named as its policy lists it', () => {
  it('tier rules: the AdminNetworkPolicy rule with its name, a Cilium deny rule by its list, a Calico rule by its direction', () => {
    expect(reasonText(tierRule('AdminNetworkPolicy/guard', 'no-web'))).toBe('denied by AdminNetworkPolicy guard ingress rule 1 "no-web" (Admin tier, p.yaml:9)');
    expect(reasonText({ ...tierRule('BaselineAdminNetworkPolicy/default', 'rest'), side: 'base', tier: 'Baseline' } as Reason)).toBe('in base, denied by BaselineAdminNetworkPolicy default ingress rule 1 "rest" (Baseline tier, base:p.yaml:9)');
    expect(reasonText(tierRule('CiliumNetworkPolicy/shop/no-db'))).toBe('denied by CiliumNetworkPolicy shop/no-db ingressDeny rule 1 (Cilium deny, p.yaml:9)');
    expect(reasonText(tierRule('CalicoGlobalNetworkPolicy/db#1'))).toBe('denied by Calico GlobalNetworkPolicy db ingress rule 1 (Calico, p.yaml:9)');
  });

  it('a label or port change of a cluster-wide rule names that rule the same way', () => {
    const labels: Reason = { kind: 'labels-changed', side: 'head', direction: 'ingress', workload: 'shop/web[Deployment]', policy: 'CiliumNetworkPolicy/db/no-web', role: 'peer', rule: 0, holds: false, removed: ['team=web'], added: [], ref, baseRef: ref };
    expect(reasonText(labels)).toBe('shop/web[Deployment] no longer carries team=web (p.yaml:9), so CiliumNetworkPolicy db/no-web ingressDeny rule 1 no longer matches it as a peer');
    const ports: Reason = { kind: 'ports-changed', side: 'head', direction: 'ingress', workload: 'db/pg[Deployment]', policy: 'AdminNetworkPolicy/guard', rule: 0, ruleName: 'pg-only', name: 'pg', protocol: 'any', before: [5432], after: [], ref, baseRef: ref };
    expect(reasonText(ports)).toBe('db/pg[Deployment] no longer declares port pg (port 5432) (p.yaml:9), so AdminNetworkPolicy guard ingress rule 1 "pg-only" no longer reaches it on port pg');
  });

  it('a diff: the why text and the JSON reason name the AdminNetworkPolicy rule', () => {
    const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
    const deploy = (n: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${n}, namespace: ${n}}\nspec:\n  selector: {matchLabels: {app: ${n}}}\n  template:\n    metadata: {labels: {app: ${n}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
    const app = { path: 'apps.yaml', text: [ns('web'), ns('db'), deploy('web'), deploy('db')].join('---\n') };
    const anp = { path: 'anp.yaml', text: 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {kubernetes.io/metadata.name: db}}\n  ingress:\n  - name: no-web\n    action: Deny\n    from:\n    - namespaces: {matchLabels: {kubernetes.io/metadata.name: web}}\n' };
    const report = analyzeDiff([app], [app, anp]);
    const pair = report.pairs.find((p) => p.closed && p.src.type === 'workload' && p.src.workload.id === 'web/web[Deployment]' && p.dst.type === 'workload' && p.dst.workload.id === 'db/db[Deployment]');
    expect(pair).toBeDefined();
    const json = pairJson(pair!) as { why: { closed: Record<string, unknown>[] } };
    expect(json.why.closed.find((r) => r.kind === 'tier-rule')).toMatchObject({ policy: 'AdminNetworkPolicy/guard', rule: 0, name: 'no-web', text: 'denied by AdminNetworkPolicy guard ingress rule 1 "no-web" (Admin tier, anp.yaml:9)' });
  });
});
