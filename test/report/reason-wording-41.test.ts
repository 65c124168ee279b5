/**
 * New-user trial 41, finding 12: three wordings. Several rules "allow" (not "allows"); a rollback step whose
 * written name ends with the file the line names right after says the file once ("written without a
 * namespace"); a policy replaced in place by another kind of the same name is said replaced, not removed
 * (re25-james 89b6937: a NetworkPolicy rewritten as a CiliumNetworkPolicy).
 */
import { reasonText } from '../../src/report/reason-text.js';
import { rollbackStepName } from '../../src/report/document-step.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const ref = (line: number) => ({ file: 'pol.yaml', line });

describe('wordings of new-user trial 41, finding 12', () => {
  it('an isolating policy whose two rules allow other peers: "rules 1, 2 … allow"; one rule "allows"', () => {
    const two = reasonText({ kind: 'isolated-by', side: 'head', direction: 'egress', policy: 'web/p', ref: ref(5), rules: [{ rule: 0, ref: ref(17) }, { rule: 1, ref: ref(26) }] });
    expect(two).toBe('NetworkPolicy web/p (pol.yaml:5) isolates egress; its egress rules 1, 2 (pol.yaml:17, 26) allow other peers, not this one');
    const one = reasonText({ kind: 'isolated-by', side: 'head', direction: 'egress', policy: 'web/p', ref: ref(5), rules: [{ rule: 0, ref: ref(17) }] });
    expect(one).toContain('its egress rule 1 (pol.yaml:17) allows other peers');
  });

  it('a rollback step written without a namespace, its file named after it: the file once', () => {
    const d = { key: 'CiliumNetworkPolicy/victoria-logs in apps/vl/cnp.yaml', rendered: ['CiliumNetworkPolicy/observability/victoria-logs'] };
    expect(rollbackStepName(d, undefined, 'apps/vl/cnp.yaml')).toBe('CiliumNetworkPolicy/observability/victoria-logs, written without a namespace');
    // Named elsewhere (a suggestion's note, no file after it): as before.
    expect(rollbackStepName(d)).toBe('CiliumNetworkPolicy/observability/victoria-logs, written as CiliumNetworkPolicy/victoria-logs in apps/vl/cnp.yaml');
    // Another name than the rendered one less its namespace (a prefix): the written name, without the file.
    expect(rollbackStepName({ ...d, rendered: ['CiliumNetworkPolicy/observability/p-victoria-logs'] }, undefined, 'apps/vl/cnp.yaml')).toBe('CiliumNetworkPolicy/observability/p-victoria-logs, written as CiliumNetworkPolicy/victoria-logs');
  });

  it('a NetworkPolicy replaced in place by a CiliumNetworkPolicy of the same name: "replaced by", at its line', () => {
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: backup, namespace: tb}\nspec:\n  selector: {matchLabels: {app: backup}}\n  template:\n    metadata: {labels: {app: backup}}\n    spec: {containers: [{name: c, image: b}]}\n';
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-api, namespace: tb}\nspec:\n  podSelector: {matchLabels: {app: backup}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 10.0.4.0/24}}]\n      ports: [{protocol: TCP, port: 50000}]\n';
    const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: allow-api, namespace: tb}\nspec:\n  endpointSelector: {matchLabels: {app: backup}}\n  egress:\n    - toEntities: [kube-apiserver]\n';
    const report = analyzeDiff([{ path: 'app.yaml', text: deploy }, { path: 'tb.yaml', text: np }], [{ path: 'app.yaml', text: deploy }, { path: 'tb.yaml', text: cnp }]);
    const text = diffText(report);
    expect(text).toMatch(/why: NetworkPolicy tb\/allow-api was removed \(base:tb\.yaml:1\), replaced by CiliumNetworkPolicy tb\/allow-api \(tb\.yaml:1\)/);
  });
});
