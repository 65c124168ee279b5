/**
 * HALF_OPEN_* made new only by workloads the change adds: told at the first added workload, not at the rule's
 * peer line, which the pull request does not touch (analysis/added-workload-findings.ts, the mechanism
 * CROSS_NAMESPACE_PATH's added ends use). Either end: the refusing peers added (the rule reached no pods before),
 * or the rule's own pods added (the policy selected none before). A peer the change edits keeps them. Fixtures
 * written here.
 */
import { appDeployment } from '../helpers/deployment-yaml.js';
import { diffReport } from '../helpers/folder-diff.js';

type Files = Record<string, string>;
/** web's egress toward app=cache pods of namespace data: the peer at line 9. */
const WEB_OUT = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}
          podSelector: {matchLabels: {app: cache}}
`;
/** api's ingress from app=db pods of namespace data: the peer at line 9. */
const API_IN = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}
          podSelector: {matchLabels: {app: db}}
`;
/** Isolates every pod of data both ways, allowing nothing. */
const DATA_DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: data}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
const deploy = appDeployment;
const BASE: Files = {
  'policies/web-out.yaml': WEB_OUT,
  'policies/api-in.yaml': API_IN,
  'policies/data.yaml': DATA_DENY,
  'apps/web.yaml': deploy('web', 'shop'),
  'apps/db.yaml': deploy('db', 'data'),
};

/** The report of `reachdiff diff` (JSON unless told), failing the test on anything on stderr. */
const diff = (base: Files, head: Files, format = 'json') => diffReport(base, head, format);
type Json = { findings: { code: string; new: boolean; file: string; line: number; subject: string }[] };
const halfOpen = (json: string) =>
  (JSON.parse(json) as Json).findings.filter((f) => f.code.startsWith('HALF_OPEN_') && f.new).map((f) => `${f.code} ${f.subject} ${f.file}:${f.line}`);

describe('a rule made half-open only by an added workload', () => {
  it('the refusing peer added (the rule reached no pods before): at the added workload (JSON and text)', async () => {
    const head = { ...BASE, 'apps/cache.yaml': deploy('cache', 'data') };
    expect(halfOpen(await diff(BASE, head))).toEqual(['HALF_OPEN_EGRESS shop/web-out apps/cache.yaml:1']);
    const text = await diff(BASE, head, 'text');
    expect(text).toMatch(/apps\/cache\.yaml:1: \w+: NetworkPolicy shop\/web-out egress rule 1 allows traffic to/);
    expect(text).not.toMatch(/policies\/web-out\.yaml:10: \w+: /);
  });

  it('the rule\'s own pods added (the policy selected none before): at the added workload', async () => {
    const head = { ...BASE, 'apps/api.yaml': deploy('api', 'shop') };
    expect(halfOpen(await diff(BASE, head))).toEqual(['HALF_OPEN_INGRESS shop/api-in apps/api.yaml:1']);
  });

  it('the rule\'s peer edited by the same change: at the peer', async () => {
    const peer = WEB_OUT.replace('podSelector: {matchLabels: {app: cache}}', 'podSelector:\n            matchLabels: {app: cache}');
    const head = { ...BASE, 'apps/cache.yaml': deploy('cache', 'data'), 'policies/web-out.yaml': peer };
    expect(halfOpen(await diff(BASE, head))).toEqual(['HALF_OPEN_EGRESS shop/web-out policies/web-out.yaml:9']);
  });

  it('the rule\'s ports alone edited by the same change: at the edited port, not the added workload', async () => {
    // Line 11 gains `ports:`, line 12 the port entry: the peer (lines 9-10) reads the same.
    const ported = `${WEB_OUT}      ports:\n        - {port: 6379}\n`;
    const head = { ...BASE, 'apps/cache.yaml': deploy('cache', 'data'), 'policies/web-out.yaml': ported };
    expect(halfOpen(await diff(BASE, head))).toEqual(['HALF_OPEN_EGRESS shop/web-out policies/web-out.yaml:12']);
  });

  it('a port of the rule edited, no workload added: at the edited port entry (its value on the line below), not the peer the change leaves alone', async () => {
    // data's pods admit web on TCP 6379 only; the rule's port moves from 6379 to 6380, which they refuse.
    const admit = `${DATA_DENY}  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}\n          podSelector: {matchLabels: {app: web}}\n      ports: [{port: 6379}]\n`;
    const rule = (port: number) => `${WEB_OUT}      ports:\n        - protocol: TCP\n          port: ${port}\n`;
    const base = { ...BASE, 'policies/web-out.yaml': rule(6379), 'policies/data.yaml': admit, 'apps/cache.yaml': deploy('cache', 'data') };
    expect(halfOpen(await diff(base, base))).toEqual([]);
    // (data's ingress rule, which web's egress no longer allows, is HALF_OPEN_INGRESS at its own peer.)
    const found = halfOpen(await diff(base, { ...base, 'policies/web-out.yaml': rule(6380) }));
    expect(found.filter((f) => f.startsWith('HALF_OPEN_EGRESS'))).toEqual(['HALF_OPEN_EGRESS shop/web-out policies/web-out.yaml:12']);
  });

  it("the other side's rule edited (web's egress port), the half-open rule's policy left alone: at the edited line, not the unchanged rule's peer", async () => {
    // data's ingress admits web on TCP 6379 (its peer at line 9); web's egress rule moves from 6379 to 6380.
    const admit = `${DATA_DENY}  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}\n          podSelector: {matchLabels: {app: web}}\n      ports: [{port: 6379}]\n`;
    const rule = (port: number) => `${WEB_OUT}      ports:\n        - protocol: TCP\n          port: ${port}\n`;
    const base = { ...BASE, 'policies/web-out.yaml': rule(6379), 'policies/data.yaml': admit, 'apps/cache.yaml': deploy('cache', 'data') };
    const found = halfOpen(await diff(base, { ...base, 'policies/web-out.yaml': rule(6380) }));
    // Line 12: web-out's port entry, whose `port:` (line 13) the change edits; data.yaml is the same text.
    expect(found.filter((f) => f.startsWith('HALF_OPEN_INGRESS'))).toEqual(['HALF_OPEN_INGRESS data/deny policies/web-out.yaml:12']);
  });

  it("the other side's rule peer edited away (web's egress now toward namespace other): at the edited peer", async () => {
    const admit = `${DATA_DENY}  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}\n          podSelector: {matchLabels: {app: web}}\n`;
    const base = { ...BASE, 'policies/data.yaml': admit, 'apps/cache.yaml': deploy('cache', 'data') };
    const head = { ...base, 'policies/web-out.yaml': WEB_OUT.replace('metadata.name: data}', 'metadata.name: other}') };
    const found = halfOpen(await diff(base, head));
    expect(found.filter((f) => f.startsWith('HALF_OPEN_INGRESS'))).toEqual(['HALF_OPEN_INGRESS data/deny policies/web-out.yaml:9']);
  });

  it('a workload that was there before at the other end: the finding was there before, not new', async () => {
    const base = { ...BASE, 'apps/cache.yaml': deploy('cache', 'data') };
    expect(halfOpen(await diff(base, { ...base, 'apps/other.yaml': deploy('other', 'shop') }))).toEqual([]);
  });
});
