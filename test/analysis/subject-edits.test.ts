/**
 * A cluster-wide policy whose subject alone the change edits (its rules the same on both sides): the why, the
 * headline, the findings about the paths and the App's annotations cite the edited subject line, not the
 * unchanged rule a few lines below it. Every tier kind with a subject of its own: AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy (`spec.subject`), Calico GlobalNetworkPolicy (`spec.selector`, a scalar). A rule the
 * change edits too keeps the line of its edited part. Fixtures written here.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { responsibleLines } from '../../src/report/check-run.js';
import { diffReport } from '../helpers/folder-diff.js';
import { teamApps } from '../helpers/clusters.js';

type Files = Record<string, string>;
const APPS = teamApps(['shop', 'data'], [['web', 'shop'], ['db', 'data']]);

/** The subject's `matchLabels` at line 9, the rule at line 11, its peer at line 14. */
const anp = (team: string, peer = '{}') => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: protect
spec:
  priority: 10
  subject:
    namespaces:
      matchLabels: {team: ${team}}
  ingress:
    - name: deny-all
      action: Deny
      from:
        - namespaces: ${peer}
`;
/** The subject's `matchLabels` at line 8, the rule at line 10. */
const banp = (team: string) => anp(team).replace('AdminNetworkPolicy', 'BaselineAdminNetworkPolicy').replace('name: protect', 'name: default').replace('  priority: 10\n', '');
/** The `selector` at line 7, the rule at line 10. */
const calico = (app: string) => `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: web-egress
spec:
  order: 10
  selector: app == '${app}'
  namespaceSelector: team == 'shop'
  types: [Egress]
  egress:
    - action: Deny
      destination:
        namespaceSelector: team == 'data'
`;

interface Why { kind: string; side: string; ref?: { file: string; line: number } }
interface Json { pairs: { why: { opened: Why[]; closed: Why[] } }[]; findings: { code: string; file: string; line: number }[] }

/** Every `side:file:line` a tier-rule reason cites. */
function tierRefs(json: string): string[] {
  const j = JSON.parse(json) as Json;
  const refs = j.pairs.flatMap((p) => [...p.why.opened, ...p.why.closed]).filter((r) => r.kind === 'tier-rule').map((r) => `${r.side}:${r.ref!.file}:${r.ref!.line}`);
  return [...new Set(refs)].sort();
}

describe('a tier policy whose subject the change edits is cited at the subject', () => {
  const files = (policy: string): Files => ({ 'cluster/apps.yaml': APPS, 'cluster/tiers.yaml': policy });

  it('AdminNetworkPolicy: the why, the headline and the path finding at the edited matchLabels, each side its own line', async () => {
    const [base, head] = [files(anp('data')), files(anp('other'))];
    expect(tierRefs(await diffReport(base, head, 'json'))).toEqual(['base:cluster/tiers.yaml:9', 'head:cluster/tiers.yaml:9']);
    const text = await diffReport(base, head, 'text');
    expect(text).toContain('AdminNetworkPolicy protect ingress rule 1 "deny-all" no longer denies them (base:cluster/tiers.yaml:9)');
    expect(text).toContain('in base, denied by AdminNetworkPolicy protect ingress rule 1 "deny-all" (Admin tier, base:cluster/tiers.yaml:9)');
    expect(text).toContain('cluster/tiers.yaml:9: notice: The change opens shop/web[Deployment] => data/db[Deployment]');
    expect(text).not.toContain('tiers.yaml:11');
    expect(await diffReport(base, head, 'md')).toContain('no longer denies them (base:cluster/tiers.yaml:9)');
  });

  it('the App annotates the edited subject line', async () => {
    const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
    const report = await analyzeTargets(list(files(anp('data'))), list(files(anp('other'))));
    expect([...new Set(report.targets.flatMap((t) => [...responsibleLines(t.report).keys()]))]).toEqual(['cluster/tiers.yaml:9']);
  });

  it('BaselineAdminNetworkPolicy and a Calico selector (a scalar) alike', async () => {
    expect(tierRefs(await diffReport(files(banp('data')), files(banp('other')), 'json'))).toEqual(['base:cluster/tiers.yaml:8', 'head:cluster/tiers.yaml:8']);
    expect(tierRefs(await diffReport(files(calico('web')), files(calico('webx')), 'json'))).toEqual(['base:cluster/tiers.yaml:7', 'head:cluster/tiers.yaml:7']);
  });

  it('a rule the change edits too keeps its edited part\'s line', async () => {
    const refs = tierRefs(await diffReport(files(anp('data')), files(anp('other', '{matchLabels: {team: shop}}')), 'json'));
    expect(refs).toContain('head:cluster/tiers.yaml:14');
    expect(refs).not.toContain('head:cluster/tiers.yaml:9');
  });
});
