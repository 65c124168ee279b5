/**
 * CROSS_NAMESPACE_PATH about paths only workloads the change adds open: told at the added workload, not at the
 * rule that admits them, which the pull request does not touch (analysis/added-workload-findings.ts). Every
 * grouping: a rule's paths from several added workloads (subject: the policy), a path into one added workload
 * from a workload that was there (subject: the source). A rule the change edits keeps them. Fixtures written here.
 */
import { diffReport } from '../helpers/folder-diff.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

type Files = Record<string, string>;
/** Admits every pod of namespace shop into every pod of data: the rule at line 8. */
const ADMIT_SHOP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-shop, namespace: data}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: shop}
`;
/** Isolates shop both ways, leaving nothing open but what crosses into data. */
const SHOP_DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;
const deploy = appDeployment;
const BASE: Files = { 'policies/data.yaml': ADMIT_SHOP, 'policies/shop.yaml': SHOP_DENY, 'apps/web.yaml': deploy('web', 'shop'), 'apps/db.yaml': deploy('db', 'data') };

type Json = { findings: { code: string; new: boolean; file: string; line: number; message: string }[] };
const crossing = (json: string) => (JSON.parse(json) as Json).findings.filter((f) => f.code === 'CROSS_NAMESPACE_PATH' && f.new).map((f) => `${f.file}:${f.line} ${f.message.slice(0, 40)}`);

describe('a path across namespaces only an added workload opens', () => {
  it('several workloads added where a rule admits them: at the first of them, not at the rule (text and JSON)', async () => {
    const head = { ...BASE, 'apps/api.yaml': deploy('api', 'shop'), 'apps/worker.yaml': deploy('worker', 'shop') };
    expect(crossing(await diffReport(BASE, head, 'json'))).toEqual(['apps/api.yaml:1 The change opens 2 paths from namespace ']);
    const text = await diffReport(BASE, head, 'text');
    expect(text).toContain('apps/api.yaml:1: notice: The change opens 2 paths from namespace shop into data through this rule');
    expect(text).not.toContain('policies/data.yaml:8: notice');
  });

  it('a workload added at the destination, its source there before: at the destination', async () => {
    const head = { ...BASE, 'apps/cache.yaml': deploy('cache', 'data') };
    expect(crossing(await diffReport(BASE, head, 'json'))).toEqual(['apps/cache.yaml:1 The change opens shop/web[Deployment] =>']);
  });

  it('the rule edited by the same change: at the rule\'s edited line', async () => {
    const edited = { ...BASE, 'apps/api.yaml': deploy('api', 'shop'), 'apps/worker.yaml': deploy('worker', 'shop'), 'policies/data.yaml': ADMIT_SHOP.replace('    - from:\n', '    - ports: [{port: 80}]\n      from:\n') };
    expect(crossing(await diffReport(BASE, edited, 'json'))).toEqual(['policies/data.yaml:8 The change opens 2 paths from namespace ']);
  });
});
