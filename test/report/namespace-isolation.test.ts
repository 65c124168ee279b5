/**
 * A namespace whose workloads the target does not hold receiving its first ingress policies all at once: one
 * that admits the namespace's own pods over every pod of it, and per-app policies admitting their ports (as
 * kubeflow/manifests 956fa1f1b deployed 17 into kubeflow). Each label combination of their selectors is
 * isolated by another set of them, so no single policy's start covered two combinations and the report was
 * one headline of label-combination regions and one line per combination. The truth is one change: the
 * namespace starts isolation under these policies, told per policy in their terms
 * (analysis/namespace-isolation.ts, report/namespace-isolation-text.ts); the reverse (the policies removed)
 * ends it alike. The sentences' claims are checked against the reference in
 * test/property/diff-claims-hold.test.ts; here, their text and place.
 */
import { sideFolders } from '../helpers/side-folders.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const COMMON = `apiVersion: v1
kind: Namespace
metadata: {name: tools}
---
apiVersion: v1
kind: Namespace
metadata: {name: clients}
---
${appDeployment('ui', 'clients')}`;

const policy = (name: string, selector: string, rule: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: tools}
spec:
  podSelector: ${selector}
  policyTypes: [Ingress]
  ingress:
    - ${rule}
`;

const POLICIES = {
  'same-namespace.yaml': policy('allow-same-namespace', '{}', 'from: [{podSelector: {}}]'),
  'cache.yaml': policy('cache', '{matchLabels: {app: cache}}', 'ports: [{protocol: TCP, port: 8443}]'),
  'controller.yaml': policy('controller', '{matchLabels: {component: controller}}', 'ports: [{protocol: TCP, port: 9443}]'),
  'db.yaml': policy('db', '{matchLabels: {app: db}}', `from: [{namespaceSelector: {matchLabels: {team: data}}}]
      ports: [{protocol: TCP, port: 5432}]`),
  'dashboard.yaml': policy('dashboard', '{matchLabels: {component: dashboard}}', 'from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: clients}}}]'),
};

const PER_POLICY = [
  'tools/[all pods] from tools/[all pods] on any port (netpol/same-namespace.yaml:8)',
  'tools/[pod with {app=cache}] from every source on TCP 8443 (netpol/cache.yaml:8)',
  'tools/[pod with {component=controller}] from every source on TCP 9443 (netpol/controller.yaml:8)',
  'tools/[pod with {component=dashboard}] from clients/[all pods] on any port (netpol/dashboard.yaml:8)',
  'tools/[pod with {app=db}] from [namespace with {team=data}]/[all pods] on TCP 5432 (netpol/db.yaml:8)',
];

const STARTS = 'Starts ingress isolation in tools with 5 new NetworkPolicies (netpol/…): no policy isolated its pods for ingress in base; a pod they select now admits only what the rules of those selecting it admit';
const ENDS =
  'Ends ingress isolation in tools with 5 NetworkPolicies removed (base:netpol/…): no policy isolates its pods for ingress in head; a pod they selected now admits every source on any port that source\'s egress allows, where it admitted only what the rules of those selecting it admitted';
const COUNT = '33 paths over 9 label combinations';

describe('a namespace without workloads receiving its first policies at once: told per policy', () => {
  let run: (format: string, reverse?: boolean) => Promise<string>;
  beforeAll(() => {
    const head = Object.fromEntries(Object.entries(POLICIES).map(([file, text]) => [`netpol/${file}`, text]));
    const folders = sideFolders('namespace-isolation', COMMON, { head });
    run = folders.diff;
  });

  it('the JSON keeps every pair of every label combination', async () => {
    const json = JSON.parse(await run('json')) as { pairs: { dst: { id: string }; closed: unknown }[]; isolationCauses?: unknown };
    expect(json.isolationCauses).toBeUndefined();
    expect(json.pairs.filter((p) => p.closed).length).toBe(33);
    expect(new Set(json.pairs.map((p) => p.dst.id)).size).toBe(9);
  });

  it('text: the headline names the start and the first policies in their terms', async () => {
    const lines = (await run('text')).split('\n');
    expect(lines[2]).toBe(`${STARTS}: ${PER_POLICY[0]}, ${PER_POLICY[1]}, ${PER_POLICY[2]} and 2 more policies; ${COUNT}.`);
  });

  it('text: the section is the sentence and one line per policy, not one per label combination', async () => {
    const text = await run('text');
    const lines = text.split('\n');
    const at = lines.indexOf('Closed with pods the manifests do not hold, by rule (33 paths):');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(`  ${STARTS}, per policy below; ${COUNT} (its 12 lines, one per label combination and peers, not listed: --format json has every pair):`);
    expect(lines.slice(at + 2, at + 7)).toEqual(PER_POLICY.map((l) => `    ${l}`));
    expect(lines[at + 7]).toBe('');
    // No line of label combinations, in the headline or anywhere else.
    expect(text).not.toContain('no longer admits');
    expect(text).not.toMatch(/component NotIn|app NotIn/);
    expect(lines.length).toBeLessThan(30);
  });

  it('Markdown: the sentence, its policies as a list', async () => {
    const md = await run('md');
    expect(md).toContain(`- ${STARTS}, per policy below; ${COUNT} (its 12 lines, one per label combination and peers, not listed: \`--format json\` has every pair):`);
    expect(md).toContain('  - `tools/[pod with {app=cache}]` from every source on TCP 8443 (`netpol/cache.yaml:8`)');
    expect(md).not.toContain('no longer admits');
  });

  it('the policies removed: the end of isolation, told alike', async () => {
    const text = await run('text', true);
    const lines = text.split('\n');
    expect(lines[2]).toMatch(new RegExp(`^${ENDS.replace(/[[\]{}()./*+?|^$\\]/g, '\\$&')}: tools/\\[all pods\\] from tools/\\[all pods\\] on any port \\(base:netpol/same-namespace\\.yaml:8\\), .* and 2 more policies; ${COUNT}\\.$`));
    const at = lines.indexOf('Opened with pods the manifests do not hold, by rule (33 paths):');
    expect(lines[at + 1]).toBe(`  ${ENDS}, per policy below; ${COUNT} (its 12 lines, one per label combination and peers, not listed: --format json has every pair):`);
    expect(lines.slice(at + 2, at + 7)).toEqual(PER_POLICY.map((l) => `    ${l.replace('(netpol/', '(base:netpol/')}`));
    expect(text).not.toContain('now admits [');
  });
});
