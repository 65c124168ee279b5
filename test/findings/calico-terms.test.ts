/**
 * Findings about a Calico policy's rules speak Calico: its kind in the name, `source` / `destination`,
 * `selector`, `namespaceSelector`, `nets`, `destination.ports` (docs/calico.md), never a NetworkPolicy's
 * `from`, `podSelector` or `ports`.
 */
import { deployment, namespace } from '../engine/fixtures.js';
import { findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const cnp = (ns: string, name: string, spec: Obj): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });
const gnp = (name: string, spec: Obj): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec });
const message = (findings: { code: string; message: string; fix?: string }[], code: string) => findings.filter((f) => f.code === code).map((f) => `${f.message} | ${f.fix ?? ''}`);

describe('findings on Calico policy rules', () => {
  const shop = [namespace('shop'), deployment('shop', 'api', { app: 'api' }, [{ name: 'http', containerPort: 8080 }]), deployment('shop', 'db', { app: 'db', sensitive: 'true' })];

  it('an Allow naming no peer says source, not from (PERMISSIVE_RULE)', () => {
    const texts = message(findingsOf([...shop, cnp('shop', 'open', { selector: "app == 'api'", ingress: [{ action: 'Allow' }] })]), 'PERMISSIVE_RULE');
    expect(texts).toEqual([expect.stringContaining('Calico NetworkPolicy shop/open ingress rule 1 names no peer in `source`')]);
    expect(texts[0]).toContain('under `source` (selector, namespaceSelector or nets)');
    expect(texts[0]).not.toContain('`from`');
  });

  it('a GlobalNetworkPolicy peer selector of every namespace, and nets 0.0.0.0/0', () => {
    const texts = message(
      findingsOf([...shop, gnp('wide', { selector: "app == 'api'", ingress: [{ action: 'Allow', source: { selector: "app == 'web'" } }], egress: [{ action: 'Allow', destination: { nets: ['0.0.0.0/0'] } }] })]),
      'PERMISSIVE_RULE',
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Calico GlobalNetworkPolicy wide ingress rule 1 selects pods with {app=web} of every namespace (`namespaceSelector: all()`'),
        expect.stringContaining('Calico GlobalNetworkPolicy wide egress rule 1 matches every address outside the cluster (nets 0.0.0.0/0)'),
      ]),
    );
  });

  it('a GlobalNetworkPolicy selecting a workload of one namespace selects something: no POLICY_SELECTS_NOTHING for the other namespaces (new-user 37)', () => {
    // Its copies in shop and web (engine/cluster-scope.ts) select none there, but the policy is one object.
    const others = [namespace('data'), deployment('data', 'postgres', { app: 'postgres' }), namespace('web'), deployment('web', 'nginx', { app: 'nginx' })];
    const deny = gnp('deny-to-postgres', { selector: "app == 'postgres'", types: ['Ingress'], ingress: [{ action: 'Deny', source: { namespaceSelector: "team == 'x'" } }] });
    expect(message(findingsOf([...shop, ...others, deny]), 'POLICY_SELECTS_NOTHING')).toEqual([]);
    // One selecting nothing anywhere is told once, over the namespaces it was matched against.
    const ghost = gnp('ghost', { selector: "app == 'gone'", types: ['Ingress'], ingress: [{ action: 'Deny', source: { namespaceSelector: "team == 'x'" } }] });
    const texts = message(findingsOf([...shop, ...others, ghost]), 'POLICY_SELECTS_NOTHING');
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('Calico GlobalNetworkPolicy ghost selects no workload of the manifests');
  });

  it('a rule on a sensitive workload without ports names destination.ports', () => {
    const f = findingsOf([...shop, cnp('shop', 'to-db', { selector: "app == 'db'", ingress: [{ action: 'Allow', source: { selector: "app == 'api'" } }] })], { sensitive: [{ podLabels: { sensitive: 'true' } }] });
    expect(message(f, 'PERMISSIVE_RULE')).toEqual([expect.stringContaining('Calico NetworkPolicy shop/to-db ingress rule 1 has no `destination.ports`')]);
  });
});
