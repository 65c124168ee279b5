/** Findings about a Cilium policy's rules speak Cilium: its kind in the name, endpointSelector, fromEndpoints/toEndpoints, toPorts. */
import { deployment, namespace } from '../engine/fixtures.js';
import { findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const cnp = (ns: string, name: string, spec: Obj): Obj => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: ns }, spec });
const message = (findings: { code: string; message: string; fix?: string }[], code: string) => findings.filter((f) => f.code === code).map((f) => `${f.message} | ${f.fix ?? ''}`);

describe('findings on CiliumNetworkPolicy rules', () => {
  const shop = [namespace('shop'), deployment('shop', 'api', { app: 'api' }, [{ name: 'http', containerPort: 8080 }]), deployment('shop', 'db', { app: 'db', sensitive: 'true' })];

  it('a rule on a sensitive workload without toPorts names toPorts, and the policy by its kind (PERMISSIVE_RULE)', () => {
    const f = findingsOf([...shop, cnp('shop', 'to-db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] })], { sensitive: [{ podLabels: { sensitive: 'true' } }] });
    const texts = message(f, 'PERMISSIVE_RULE');
    expect(texts).toEqual([expect.stringContaining('CiliumNetworkPolicy shop/to-db ingress rule 1 has no `toPorts`: it opens every port of the sensitive workload shop/db[Deployment]')]);
    expect(texts[0]).toContain('under `toPorts`');
  });

  it('a policy whose endpointSelector selects no workload says endpointSelector (POLICY_SELECTS_NOTHING)', () => {
    const f = findingsOf([...shop, cnp('shop', 'ghost', { endpointSelector: { matchLabels: { app: 'gone' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] })]);
    const texts = message(f, 'POLICY_SELECTS_NOTHING');
    expect(texts).toEqual([expect.stringContaining('CiliumNetworkPolicy shop/ghost selects no workload of the manifests (endpointSelector {app=gone}')]);
    expect(texts[0]).toContain('Correct spec.endpointSelector');
  });

  it('a peer that selects nothing is an endpoint selector of the Cilium rule (PEER_SELECTS_NOTHING)', () => {
    const f = findingsOf([...shop, cnp('shop', 'from-web', { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }] }] })]);
    const texts = message(f, 'PEER_SELECTS_NOTHING');
    expect(texts).toEqual([expect.stringContaining('CiliumNetworkPolicy shop/from-web ingress rule 1: endpoint selector {app=web}')]);
    expect(texts[0]).not.toContain('podSelector');
  });

  it('a NetworkPolicy keeps its own words', () => {
    const np: Obj = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'open', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'api' } }, ingress: [{}] } };
    const texts = message(findingsOf([...shop, np]), 'PERMISSIVE_RULE');
    // Named with its kind, as every finding names a policy (a bare shop/open reads as the workload of that name).
    expect(texts).toEqual([expect.stringContaining('NetworkPolicy shop/open ingress rule 1 has no `from` and no `ports`')]);
    expect(texts[0]).toContain('under `from` (podSelector, namespaceSelector or ipBlock)');
    expect(texts[0]).not.toContain('endpointSelector');
  });
});
