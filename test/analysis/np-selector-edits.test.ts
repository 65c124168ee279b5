/**
 * A NetworkPolicy whose pod selector or policy types alone the change edits (its rules the same on both sides):
 * the why of the paths it opens and closes and the App's annotations cite the edited selector (or `policyTypes`)
 * line on each side, not the policy's first line or an unchanged rule below it. A rule the change edits too keeps
 * its own line. Fixtures written here.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { responsibleLines } from '../../src/report/check-run.js';
import { teamApps } from '../helpers/clusters.js';
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
const APPS = teamApps(['shop', 'data'], [['web', 'shop'], ['db', 'data'], ['cache', 'data']]);

/** The pod selector's `app:` at line 9, `policyTypes` at line 10, the rule at line 12, its peer's labels at line 14. */
const policy = (app: string, types = '[Ingress]', peer = '{team: data}') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-ingress
  namespace: data
spec:
  podSelector:
    matchLabels:
      app: ${app}
  policyTypes: ${types}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: ${peer}
`;
/** Every pod of `data` isolated for ingress: a rule that selects db is what admits shop. */
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: data}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

interface Why { kind: string; side: string; policy?: string; ref?: { file: string; line: number } }
interface Json { pairs: { why: { opened: Why[]; closed: Why[] } }[] }

/** Every `kind side:file:line` a reason about NetworkPolicy data/db-ingress cites. */
function policyRefs(json: string): string[] {
  const j = JSON.parse(json) as Json;
  const refs = j.pairs.flatMap((p) => [...p.why.opened, ...p.why.closed]).filter((r) => r.policy === 'data/db-ingress').map((r) => `${r.kind} ${r.side}:${r.ref!.file}:${r.ref!.line}`);
  return [...new Set(refs)].sort();
}

/** Every new finding as `CODE subject file:line`. */
function findingRefs(json: string): string[] {
  const j = JSON.parse(json) as { findings: { code: string; subject: string; file: string; line: number; new: boolean }[] };
  return j.findings.filter((f) => f.new).map((f) => `${f.code} ${f.subject} ${f.file}:${f.line}`);
}

const files = (np: string, more: Files = {}): Files => ({ 'cluster/apps.yaml': APPS, 'cluster/np.yaml': np, ...more });

describe('a NetworkPolicy whose pod selector or policy types the change edits is cited at the edit', () => {
  it('the pod selector moved to other pods: isolated-by on each side at its edited app line', async () => {
    const [base, head] = [files(policy('db')), files(policy('cache'))];
    expect(policyRefs(await diffReport(base, head, 'json'))).toEqual(['isolated-by base:cluster/np.yaml:9', 'isolated-by head:cluster/np.yaml:9']);
    const text = await diffReport(base, head, 'text');
    expect(text).toContain('in base, NetworkPolicy data/db-ingress (base:cluster/np.yaml:9) isolated ingress');
    expect(text).toContain('NetworkPolicy data/db-ingress (cluster/np.yaml:9) isolates ingress');
    expect(await diffReport(base, head, 'md')).toContain('NetworkPolicy data/db-ingress (`base:cluster/np.yaml:9`) isolated ingress');
  });

  it('a rule whose policy no longer selects the destination: allowed-by-rule at the edited selector, not the rule', async () => {
    const deny = { 'cluster/deny.yaml': DENY };
    const [base, head] = [files(policy('db', '[Ingress]', '{team: shop}'), deny), files(policy('cache', '[Ingress]', '{team: shop}'), deny)];
    const refs = policyRefs(await diffReport(base, head, 'json'));
    expect(refs).toContain('allowed-by-rule base:cluster/np.yaml:9');
    expect(refs).toContain('allowed-by-rule head:cluster/np.yaml:9');
    expect(refs.filter((r) => r.endsWith(':12'))).toEqual([]);
  });

  it('policyTypes isolating egress: cited at the policyTypes line', async () => {
    const refs = policyRefs(await diffReport(files(policy('db')), files(policy('db', '[Ingress, Egress]')), 'json'));
    expect(refs).toEqual(['isolated-by head:cluster/np.yaml:10']);
  });

  it('a finding the policyTypes edit makes (DNS_EGRESS_MISSING): at the policyTypes line, not the policy\'s first line', async () => {
    const found = findingRefs(await diffReport(files(policy('db')), files(policy('db', '[Ingress, Egress]')), 'json'));
    expect(found).toEqual(['DNS_EGRESS_MISSING data/db[Deployment] cluster/np.yaml:10']);
    const text = await diffReport(files(policy('db')), files(policy('db', '[Ingress, Egress]')), 'text');
    expect(text).toMatch(/cluster\/np\.yaml:10: \w+: data\/db\[Deployment\] cannot reach cluster DNS/);
  });

  it('a finding the pod selector edit makes (DNS_EGRESS_MISSING of the newly selected pods): at the edited selector line', async () => {
    const egress = (app: string) => policy(app, '[Ingress, Egress]');
    expect(findingRefs(await diffReport(files(egress('db')), files(egress('cache')), 'json')).filter((f) => f.startsWith('DNS_'))).toEqual(['DNS_EGRESS_MISSING data/cache[Deployment] cluster/np.yaml:9']);
  });

  it('POLICY_SELECTS_NOTHING after the pod selector edit: at the edited selector line', async () => {
    expect(findingRefs(await diffReport(files(policy('db')), files(policy('nobody')), 'json')).filter((f) => f.startsWith('POLICY_'))).toEqual(['POLICY_SELECTS_NOTHING data/db-ingress cluster/np.yaml:9']);
  });

  it('the App annotates the edited selector line', async () => {
    const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
    const report = await analyzeTargets(list(files(policy('db'))), list(files(policy('cache'))));
    expect([...new Set(report.targets.flatMap((t) => [...responsibleLines(t.report).keys()]))]).toEqual(['cluster/np.yaml:9']);
  });

  it('a rule the change edits too keeps its edited part\'s line', async () => {
    const deny = { 'cluster/deny.yaml': DENY };
    const refs = policyRefs(await diffReport(files(policy('db', '[Ingress]', '{team: shop}'), deny), files(policy('cache', '[Ingress]', '{team: other}'), deny), 'json'));
    // Its peer's edited `namespaceSelector` (edited-rule-refs.ts), on both sides.
    expect(refs).toEqual(['allowed-by-rule base:cluster/np.yaml:13', 'allowed-by-rule head:cluster/np.yaml:13']);
  });
});
