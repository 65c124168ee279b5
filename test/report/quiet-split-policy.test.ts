/**
 * A namespace's policy split into an `-ingress` and an `-egress` policy with the same rules changes nothing on any
 * plugin: its quiet changes are not "unproven" because the other end's egress reaches pods only by an ipBlock that
 * may hold pod IPs, when that ipBlock and the rules admitting the pair read the same on the other side (real
 * repositories 42: each namespace's policy split in two read "no change found, unproven (… ipBlock 0.0.0.0/0 … may
 * hold pod IPs)", neutral). A split that also adds a port still says it.
 */
import { diffSides } from '../helpers/folder-diff.js';

const deployment = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
const namespace = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
const INGRESS = (ports: string) => `  ingress:\n    - from: [{podSelector: {}}]\n      ports: [${ports}]\n`;
const EGRESS = '  egress:\n    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n';
const head = (name: string, types: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [${types}]\n`;
const workloads = { 'ns.yaml': namespace('shop'), 'apps.yaml': `${deployment('shop', 'web')}---\n${deployment('shop', 'cart')}` };
const whole = { ...workloads, 'np.yaml': `${head('default', 'Ingress, Egress')}${INGRESS('{port: 8080}')}${EGRESS}` };
const split = (ports: string) => ({ ...workloads, 'np.yaml': `${head('default-ingress', 'Ingress')}${INGRESS(ports)}---\n${head('default-egress', 'Egress')}${EGRESS}` });

describe('a policy split into -ingress and -egress policies', () => {
  it('the same rules: no change, not unproven by the unchanged ipBlock 0.0.0.0/0', async () => {
    const text = await diffSides({ base: whole, head: split('{port: 8080}') }).report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(text).not.toContain('may hold pod IPs');
  });

  it('the split adds a port: still unproven, the ipBlock named', async () => {
    const text = await diffSides({ base: whole, head: split('{port: 8080}, {port: 9090}') }).report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where an ipBlock may hold pod IPs (see the changed policies).');
    expect(text).toContain('ipBlock 0.0.0.0/0 of NetworkPolicy shop/default-egress (np.yaml:');
  });
});
