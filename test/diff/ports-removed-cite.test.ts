/**
 * A rule's `ports:` block deleted outright, so the rule admits every port: the opened path's why cites head's rule
 * (the `ports` line is gone there) and, as the removed text, base's `ports:` line, not the first port entry under
 * it, which reads as if that one entry were what changed. A port entry edited keeps its own line. Fixtures written here.
 */
import { appDeployment } from '../helpers/deployment-yaml.js';
import { diffReport } from '../helpers/folder-diff.js';

/** db's ingress from web; `ports` the rule's lines from 10 on (none: the block deleted). */
const policy = (ports: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
${ports}`;
const TWO_PORTS = '      ports:\n        - protocol: TCP\n          port: 6379\n        - protocol: TCP\n          port: 6380\n';
const apps = `${appDeployment('web', 'shop')}---\n${appDeployment('db', 'shop')}`;

type Json = { pairs: { why: { opened: { kind: string; side: string; ref: { file: string; line: number } }[] } }[] };
const citedRules = (json: string) =>
  (JSON.parse(json) as Json).pairs.flatMap((p) => p.why.opened.filter((r) => r.kind === 'allowed-by-rule' || r.kind === 'rule-differs').map((r) => `${r.side}:${r.ref.file}:${r.ref.line}`));

describe('a rule whose ports block the change deletes', () => {
  it("cites head's rule and base's `ports:` line (was the first port entry, base:pol.yaml:11)", async () => {
    const base = { 'apps.yaml': apps, 'pol.yaml': policy(TWO_PORTS) };
    const head = { 'apps.yaml': apps, 'pol.yaml': policy('') };
    expect(citedRules(await diffReport(base, head, 'json'))).toEqual(['head:pol.yaml:8', 'base:pol.yaml:10']);
    expect(await diffReport(base, head, 'text')).toContain('why: in base, NetworkPolicy shop/db-in ingress rule 1 did not allow it (base:pol.yaml:10)');
  });

  it('guard: a port entry edited is cited at that entry on both sides', async () => {
    const base = { 'apps.yaml': apps, 'pol.yaml': policy(TWO_PORTS) };
    const head = { 'apps.yaml': apps, 'pol.yaml': policy(TWO_PORTS.replace('port: 6380', 'port: 6381')) };
    expect(citedRules(await diffReport(base, head, 'json'))).toEqual(['head:pol.yaml:13', 'base:pol.yaml:13']);
  });
});
