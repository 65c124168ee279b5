/**
 * What a reader checks first in a security summary (fresh-user 27, problems 4–6, a repository whose
 * CloudNativePG pods `cnpg.io/cluster=orders-db` no manifest holds):
 * - a headline's reach word ("everything") holds for the change's pairs: a destination that now admits every
 *   source opens only to the sources whose own egress reaches it (report/reach-holds.ts);
 * - the sections say how they add up to the verdict's count (pairs listed one by one and those by rule), and a cause's
 *   count names the workload its pods include instead of counting it as a label combination;
 * - a line's part that differs from it only by a port name is said as the hedge it is.
 * The JSON keeps its counts and pairs.
 */
import { appDeployment } from '../helpers/deployment-yaml.js';
import { sideFolders } from '../helpers/side-folders.js';
import { regionPairs } from '../helpers/region-pairs.js';

const deployment = (name: string, ports = '') => appDeployment(name, 'shop', ports);
const policy = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const DENY = policy('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n');
/** The database pods admit api on 5432; api's egress to them on `port`. */
const PG_FROM_API = policy('pg-from-api', '  podSelector: {matchLabels: {cnpg.io/cluster: orders-db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: api}}}]\n      ports: [{port: 5432}]\n');
const apiToPg = (port: number) => policy('api-to-pg', `  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{podSelector: {matchLabels: {cnpg.io/cluster: orders-db}}}]\n      ports: [{port: ${port}}]\n`);
const OPEN_WEB = policy('debug-open-web', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n    - {}\n');

describe('staging: an allow-all ingress on web pods meets api egress moved to 5433', () => {
  const common = [NAMESPACE, deployment('api'), deployment('web'), DENY, PG_FROM_API].join('---\n');
  const repo = sideFolders('reach-counts-staging', common, { base: { 'pg.yaml': apiToPg(5432) }, head: { 'pg.yaml': apiToPg(5433), 'debug.yaml': OPEN_WEB } });

  it('the headline names the one source of the TCP 5433 opening, not "everything"', async () => {
    const headline = (await repo.diff('text')).split('\n')[2];
    expect(headline).not.toContain('to everything');
    expect(headline).toContain('opens shop/[pod with {app=web,cnpg.io/cluster=orders-db}] to shop/[pod with {app=api}] (shop/api today) on TCP 5433 (2 rules, pg.yaml:9, debug.yaml:7)');
  });

  it('the by-rule section says how its paths and those above add up to the verdict, and the cause names its workload', async () => {
    const text = await repo.diff('text');
    const lines = text.split('\n');
    expect(lines[0]).toBe('6 paths opened, 6 paths closed; 1 new finding.');
    expect(lines).toContain('Opened (1):');
    expect(lines).toContain('Opened with pods the manifests do not hold, by rule (5 of the 6 opened paths):');
    // Every closed path is in its section: its count needs no sum.
    expect(lines).toContain('Closed with pods the manifests do not hold, by rule (6 paths):');
    // The headline counts the path between workloads too; the section as the headline, saying how many are listed above.
    expect(lines[2]).toContain('NetworkPolicy shop/debug-open-web added (debug.yaml:1); 4 paths: 2 with its workload shop/web, 2 with its other pods;');
    expect(text).toContain('NetworkPolicy shop/debug-open-web added (debug.yaml:1); 4 paths (1 listed above): 2 with its workload shop/web[Deployment], 2 with its other pods; its line:');
    expect(await repo.diff('md')).toContain('#### Opened with pods the manifests do not hold (5 of the 6 opened paths)');
  });

  it('the JSON keeps its counts', async () => {
    const json = JSON.parse(await repo.diff('json')) as { summary: Record<string, unknown>; pairs: unknown[] };
    // Region pairs, each region of a group end on its own (docs/cli.md "Region groups").
    expect(regionPairs(json)).toHaveLength(10);
    expect(json.summary).toMatchObject({ opened: 6, closed: 6 });
  });
});

describe('prod: partners admitted to api pods, which also admit a scraper on their port metrics', () => {
  const api = deployment('api', ', ports: [{name: http, containerPort: 8080}, {name: metrics, containerPort: 9090}]');
  const scrape = policy('allow-scrape', '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}, podSelector: {matchLabels: {app: prometheus}}}]\n      ports: [{port: metrics}]\n');
  const partners = policy('allow-partners', '  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {team: partners}}}]\n      ports: [{port: 8080}]\n');
  const common = [NAMESPACE, api, DENY, PG_FROM_API, scrape].join('---\n');
  const repo = sideFolders('reach-counts-prod', common, { head: { 'partners.yaml': partners } });

  it('the cause counts shop/api by name, not as a second label combination', async () => {
    const text = await repo.diff('text');
    expect(text).not.toContain('label combinations');
    expect(text.split('\n')[2]).toContain('NetworkPolicy shop/allow-partners added (partners.yaml:1); 2 paths: 1 with its workload shop/api, 1 with its other pods.');
  });

  it('a part that differs from its line only by a port name reads as the hedge it is', async () => {
    const text = await repo.diff('text');
    expect(text).not.toContain('but only');
    expect(text).toContain('shop/[pod with {app=api}] now admits [namespace with {team=partners}]/[all pods] on TCP 8080 (some of these pods may have had TCP 8080 already, as their port metrics), partners.yaml:8');
  });
});
