/**
 * Report wording that says a thing once (new-user trial 46, findings 4, 12, 13 and 16): a section whose one
 * line the headline tells, a policy's generic "not applied" error beside its own errors, a workload free both
 * ways, and port sets inside sentences. JSON keeps every pair, error and finding.
 */
import { describe, expect, it } from '@jest/globals';
import { ConnectionSet, NamedConns } from '../../src/engine/index.js';
import type { Diagnostic } from '../../src/manifests/diagnostics.js';
import { listedErrors } from '../../src/report/listed-errors.js';
import { connText } from '../../src/report/mismatch-text.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { sideFolders } from '../helpers/side-folders.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: mon}\n---\n';
const PROM = (from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: prom, namespace: mon}\nspec:\n  podSelector: {matchLabels: {app: prometheus}}\n  policyTypes: [Ingress]\n  ingress:\n${from}`;
const GRAFANA_RULE = '    - from: [{podSelector: {matchLabels: {app: grafana}}}]\n      ports: [{protocol: TCP, port: 9090}]\n';

describe('said once', () => {
  it('a section of pods the manifests do not hold whose one line the headline tells gives its count alone (text and Markdown); JSON keeps the pairs', async () => {
    const common = `${NS}${appDeployment('web', 'mon')}---\n`;
    const sides = sideFolders('told-once', common, { base: { 'np.yaml': PROM('    - from: [{podSelector: {matchLabels: {app: none}}}]\n') }, head: { 'np.yaml': PROM(GRAFANA_RULE) } });
    const text = await sides.diff('text');
    expect(text).toContain('Opens mon/[pod with {app=prometheus}] to');
    expect(text).toMatch(/Opened with pods the manifests do not hold, by rule \(1 path\): the one rule the headline names\./);
    expect(text).not.toContain('now admits');
    const md = await sides.diff('md');
    expect(md).toContain('that the head commit lets through: the one rule the headline names.');
    expect(md).not.toContain('now admits');
    const json = JSON.parse(await sides.diff('json')) as { pairs: unknown[] };
    expect(json.pairs.length).toBeGreaterThan(0);
  });

  it('a workload no policy isolates either way is one finding line in the text, two findings in JSON', async () => {
    const sides = sideFolders('both-ways', `${NS}${appDeployment('grafana', 'mon')}---\n`, { head: { 'web.yaml': appDeployment('web', 'mon') } });
    const text = await sides.diff('text');
    expect(text).toContain('No NetworkPolicy selects mon/web[Deployment] for ingress or egress: every pod and every address may connect to it, and it to them. [UNPROTECTED_WORKLOAD]');
    expect(text).toContain('fix: Add default-deny policies for Ingress and Egress in namespace mon (podSelector: {}) and allow what web needs.');
    expect(text).not.toContain('selects mon/web[Deployment] for egress');
    // The section's count is the findings', and says why fewer items show (new-user trial 50).
    expect(text).toMatch(/^Findings \((\d+); an ingress and an egress finding told as one\):$/m);
    expect(await sides.diff('md')).toMatch(/^#### Findings \(\d+; an ingress and an egress finding told as one\)$/m);
    const json = JSON.parse(await sides.diff('json')) as { findings: { code: string; subject: string; object: string }[] };
    expect(json.findings.filter((f) => f.code === 'UNPROTECTED_WORKLOAD' && f.subject === 'mon/web[Deployment]').map((f) => f.object).sort()).toEqual(['egress', 'ingress']);
  });

  it("a policy's generic error is folded into its own first error; another object's stays", () => {
    const at = (line: number, message: string, code = 'UNKNOWN_FIELD', owner?: string): Diagnostic => ({ severity: 'error', code, message, ref: { file: 'p.yaml', line }, ...(owner ? { unapplied: { owner, by: 'api-server' } } : {}) }) as Diagnostic;
    // The generic lines as the loader makes them: their owner as data (Diagnostic `unapplied`).
    const generic = at(1, 'NetworkPolicy data/typo would be rejected by the API server; it is not applied', 'INVALID_FIELD', 'NetworkPolicy data/typo');
    const own = at(5, 'NetworkPolicy data/typo: unknown field `spec.podselector`; the API server rejects objects with unknown fields');
    const alone = at(20, 'NetworkPolicy data/other would be rejected by the API server; it is not applied', 'INVALID_FIELD', 'NetworkPolicy data/other');
    const listed = listedErrors([generic, own, alone]);
    expect(listed.map((d) => [d.ref.line, d.message])).toEqual([
      [5, 'NetworkPolicy data/typo: unknown field `spec.podselector`; the API server rejects objects with unknown fields; it is not applied'],
      [20, alone.message],
    ]);
  });

  it("the verdict counts a policy's errors without its generic one, and lists them so", async () => {
    const typo = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: typo, namespace: mon}\nspec:\n  podselector: {}\n  policyTypes: [Ingress]\n`;
    const text = await sideFolders('one-error', NS, { head: { 'typo.yaml': typo } }).diff('text');
    expect(text.split('\n')[0]).toMatch(/^1 error Kubernetes will reject/);
    expect(text).toContain('Errors Kubernetes will reject (1):');
    expect(text).toMatch(/unknown field `spec\.podselector`.*; it is not applied \[UNKNOWN_FIELD\]/);
    expect(text).not.toContain('would be rejected by the API server; it is not applied');
  });

  it('port sets in sentences are spaced; the peer notation is not', () => {
    const c = ConnectionSet.port('TCP', 9094).union(ConnectionSet.port('UDP', 9094));
    expect(connText(c)).toBe('TCP 9094 and UDP 9094');
    expect(c.toText()).toBe('TCP 9094,UDP 9094');
  });

  it('port numbers in sentences are listed as people list them; the notation, the JSON and named ports keep theirs', () => {
    const tcp = (...ports: number[]) => ports.reduce((c, p) => c.union(ConnectionSet.port('TCP', p)), ConnectionSet.NONE);
    expect(connText(tcp(9093, 9095))).toBe('TCP 9093 and 9095');
    expect(connText(tcp(80, 443, 8443))).toBe('TCP 80, 443 and 8443');
    expect(tcp(80, 443, 8443).toText()).toBe('TCP 80,443,8443');
    expect(tcp(80, 443, 8443).toJSON()).toEqual({ protocols: { TCP: [[80, 80], [443, 443], [8443, 8443]] } });
    // A list of lists: semicolons between protocols.
    expect(connText(tcp(80, 443).union(ConnectionSet.port('UDP', 53)))).toBe('TCP 80 and 443; UDP 53');
    // Named ports: the sentence lists them with the numbers; the notation keeps its commas.
    const named = NamedConns.of(tcp(80, 443), [{ protocol: 'TCP', name: 'metrics' }]);
    expect(named.toProse()).toBe('TCP 80 and 443; TCP metrics');
    expect(named.toText()).toBe('TCP 80,443, TCP metrics');
    expect(NamedConns.of(tcp(8080), [{ protocol: 'TCP', name: 'http' }]).toProse()).toBe('TCP 8080 and TCP http');
  });
});
