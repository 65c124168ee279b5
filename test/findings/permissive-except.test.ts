/**
 * PERMISSIVE_RULE's "every address" reads the peer's exceptions (ipBlock `except`, Cilium `toCIDRSet`
 * `except`, Calico `notNets`): a /0 whose exceptions leave out the private ranges is narrowed as the fix asks,
 * and is not said; one whose exceptions leave some private range in is said with that range, never as
 * "every address" (real-eval 23: a CiliumNetworkPolicy's internet egress without the RFC 1918 ranges was
 * told to add `except` for private ranges).
 */
import { deployment, namespace } from '../engine/fixtures.js';
import { findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const np = (name: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Egress'], ...spec } });
const cnp = (name: string, spec: Obj): Obj => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { endpointSelector: { matchLabels: { app: 'api' } }, ...spec } });
const calico = (name: string, spec: Obj): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { selector: "app == 'api'", types: ['Egress'], ...spec } });
const gnp = (name: string, spec: Obj): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec: { selector: "app == 'api'", order: 100, types: ['Egress'], ...spec } });

const shop = [namespace('shop'), deployment('shop', 'api', { app: 'api' })];
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const texts = (objects: Obj[]) =>
  findingsOf([...shop, ...objects])
    .filter((f) => f.code === 'PERMISSIVE_RULE')
    .map((f) => `${f.subject} ${f.object}\n${f.message}\n${f.fix ?? ''}`)
    .sort();

describe('PERMISSIVE_RULE on a whole address family with exceptions', () => {
  it('NetworkPolicy ipBlock: except of every private range is not said; a partial except is said with what it still reaches', () => {
    expect(texts([np('internet', { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE } }], ports: [{ port: 443 }] }] })])).toEqual([]);
    expect(texts([np('meta', { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32', '10.0.0.0/8'] } }], ports: [{ port: 443 }] }] })])).toEqual([
      'shop/meta egress:every-address:0.0.0.0/0\nNetworkPolicy shop/meta egress rule 1 uses ipBlock 0.0.0.0/0 with `except`: it allows traffic to every address outside the cluster but the excepted ones, addresses of the private ranges 172.16.0.0/12 and 192.168.0.0/16 among them.\nNarrow the ipBlock to the address ranges that need it, or add 172.16.0.0/12 and 192.168.0.0/16 to `except`.',
    ]);
  });

  it('Cilium toCIDRSet: the same, and toEntities world (no exceptions) is still every address', () => {
    expect(texts([cnp('internet', { egress: [{ toCIDRSet: [{ cidr: '0.0.0.0/0', except: PRIVATE }] }] })])).toEqual([]);
    expect(texts([cnp('part', { egress: [{ toCIDRSet: [{ cidr: '0.0.0.0/0', except: ['192.168.0.0/16'] }] }] })])).toEqual([
      'shop/part[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0\nCiliumNetworkPolicy shop/part egress rule 1 selects every address outside the cluster but its `except` ranges (0.0.0.0/0 in `toCIDRSet`): it allows traffic to addresses of the private ranges 10.0.0.0/8 and 172.16.0.0/12 among them.\nNarrow it to the ranges that need it, or add 10.0.0.0/8 and 172.16.0.0/12 to `except` (or use `toFQDNs`).',
    ]);
    expect(texts([cnp('world', { egress: [{ toEntities: ['world'] }] })])).toEqual([expect.stringContaining('selects every address outside the cluster (0.0.0.0/0, ::/0: `toEntities: [world]` or a /0 CIDR)')]);
  });

  it('Calico nets with notNets, in the NetworkPolicy tier and in a tier before it', () => {
    expect(texts([calico('internet', { egress: [{ action: 'Allow', destination: { nets: ['0.0.0.0/0'], notNets: PRIVATE } }] })])).toEqual([]);
    expect(texts([gnp('internet', { egress: [{ action: 'Allow', destination: { nets: ['0.0.0.0/0'], notNets: PRIVATE } }] })])).toEqual([]);
    expect(texts([calico('part', { egress: [{ action: 'Allow', destination: { nets: ['0.0.0.0/0'], notNets: ['10.0.0.0/8', '172.16.0.0/12'] } }] })])).toEqual([
      'shop/part[CalicoNetworkPolicy] egress:every-address:0.0.0.0/0\nCalico NetworkPolicy shop/part egress rule 1 matches every address outside the cluster but its `notNets` (nets 0.0.0.0/0): it allows traffic to addresses of the private ranges 192.168.0.0/16 among them.\nNarrow `nets` to the ranges that need it, or add 192.168.0.0/16 to `notNets`.',
    ]);
  });
});
