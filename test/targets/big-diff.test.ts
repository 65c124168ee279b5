/** Big diffs: grouped before rows; opened paths only from new unisolated workloads: the missing policy, not a revert. */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';
import { targetsText } from '../../src/report/targets-text.js';
import { patchedFiles } from '../helpers/git.js';
import { MEMBERS_KEPT } from '../../src/report/pair-groups.js';

const deploy = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]\n`;
const shop = [
  { path: 'apps/shop/web.yaml', text: deploy('shop', 'web') },
  { path: 'apps/shop/policy.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n' },
];
const batch = Array.from({ length: 19 }, (_, i) => ({ path: `apps/batch/job-${String(i).padStart(2, '0')}.yaml`, text: deploy('batch', `job-${String(i).padStart(2, '0')}`) }));

test('19 new workloads no policy selects: grouped first, and the rollback proposes the missing default-deny', async () => {
  const report = await analyzeTargets(shop, [...shop, ...batch]);
  const md = renderTargetsMarkdown(report);
  const grouped = md.indexOf('changed pairs, grouped');
  expect(grouped).toBeGreaterThan(0);
  expect(grouped).toBeLessThan(md.indexOf('#### Opened paths'));
  expect(md).toContain('- 19 new workloads are reachable from every pod: no policy selects them (`batch/job-00[Deployment]`');
  const rb = report.combined.rollback;
  expect(rb.documents).toEqual([]);
  expect(rb.proposal).toEqual({ file: 'apps/batch/default-deny-batch.yaml', text: expect.stringContaining('podSelector: {}'), namespaces: ['batch'] });
  expect(rb.notes[0]).toMatch(/^Every opened path comes from 19 new workloads that no policy isolates/);
  const json = targetsJsonObject(report) as { pairs: unknown[]; groups: { kind: string; count: number }[]; summary: { opened: number } };
  // The JSON keeps every pair, and the groups beside them.
  expect(json.pairs).toHaveLength(json.summary.opened);
  expect(json.groups[0]).toMatchObject({ kind: 'new-unisolated', count: 19 });
  // The patch adds the file; with it applied, nothing is opened any more.
  const after = await analyzeTargets(shop, await patchedFiles([...shop, ...batch], rb.patch));
  // Nothing opens; only pods of batch the manifests do not hold lose what no policy gave them.
  expect(after.counts.opened).toBe(0);
});

test('a change that opens paths to existing workloads is reverted as before, not answered with a policy', async () => {
  const opened = shop.map((f) => (f.path.endsWith('policy.yaml') ? { ...f, text: f.text.replace('policyTypes: [Ingress, Egress]', 'policyTypes: [Egress]') } : f));
  const report = await analyzeTargets(shop, [...opened, ...batch]);
  expect(report.combined.rollback.proposal).toBeUndefined();
  expect(report.combined.rollback.documents.map((d) => d.key)).toContain('NetworkPolicy/shop/deny');
});

test('more destinations than the groups shown: the text and Markdown say how many were left out (fresh-user trial P17)', async () => {
  const apps = Array.from({ length: 10 }, (_, i) => ({ path: `apps/shop/app-${i}.yaml`, text: deploy('shop', `app-${i}`) }));
  // A rule that admitted everything taken out of a policy that stays: each destination loses its sources to
  // that rule (a policy added would be one isolation cause, told once for all of them: pair-cause.ts).
  const policy = (ingress: string) => ({ path: 'apps/shop/deny.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: ${ingress}\n` });
  const report = await analyzeTargets([...apps, policy('[{}]')], [...apps, policy('[]')]);
  const text = targetsText(report);
  // 10 workloads (and the namespace's other pods) each lose 10+ sources: 8 groups are shown, then the count of the rest.
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.endsWith('changed pairs, grouped:'));
  expect(first).toBeGreaterThanOrEqual(0);
  const shown = lines.slice(first + 1, lines.indexOf('', first));
  expect(shown.filter((l) => / closed from \d+ sources/.test(l))).toHaveLength(8);
  expect(shown[shown.length - 1]).toMatch(/^ {2}… and [1-9]\d* more destinations closed from several sources \(every pair is listed below\)$/);
  expect(renderTargetsMarkdown(report)).toMatch(/\n- … and [1-9]\d* more destinations closed from several sources\n/);
  // The JSON's groups are as before: the shown ones, no count line.
  const json = targetsJsonObject(report) as { groups: { kind: string }[] };
  expect(json.groups.map((g) => g.kind)).not.toContain('more');
});

test('a group of more pairs than it keeps lists the first MEMBERS_KEPT and counts the rest, in the JSON and the text', async () => {
  // 120 workloads of one namespace lose every source to one rule taken out: each of them 121 (the 120,
  // itself included, and what is outside the cluster), the rule's group 120 × 121 pairs.
  const apps = Array.from({ length: 120 }, (_, i) => ({ path: `apps/shop/app-${i}.yaml`, text: deploy('shop', `app-${String(i).padStart(3, '0')}`) }));
  const policy = (ingress: string) => ({ path: 'apps/shop/deny.yaml', text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: ${ingress}\n` });
  const report = await analyzeTargets([...apps, policy('[{}]')], [...apps, policy('[]')], { abstractPeers: false });
  const json = targetsJsonObject(report) as { groups: { kind: string; count: number; members: string[]; membersOmitted?: number }[] };
  const rule = json.groups.find((g) => g.kind === 'rule')!;
  expect(rule.count).toBe(120 * 121);
  expect(rule.members).toHaveLength(MEMBERS_KEPT);
  expect(rule.membersOmitted).toBe(120 * 121 - MEMBERS_KEPT);
  const dst = json.groups.find((g) => g.kind === 'destination')!;
  expect(dst.count).toBe(121);
  expect(dst.members).toHaveLength(MEMBERS_KEPT);
  expect(dst.membersOmitted).toBe(121 - MEMBERS_KEPT);
  // The text names four sources and counts all the others, the kept and the left out alike.
    expect(targetsText(report)).toMatch(/closed from 121 sources \([^)]*, … 117 more\)/);
});
