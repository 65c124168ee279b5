/**
 * The plain-words headline tells each change from the end whose policy made it: a destination's
 * ingress rules admit sources ("Opens payments to entire-cluster", every pod of every namespace named as the
 * lines name it), a source's egress rules let it reach destinations ("Opens egress from cart to the
 * internet"). Every phrasing: opened and closed, ingress and egress, by a rule or by isolation, workloads and
 * abstract ends.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const deployment = (name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 9090}]}]}\n`;
const WORKLOADS = [deployment('cart', '{app: cart}'), deployment('payments', '{app: payments, pci: "true"}')].join('---\n');
const policy = (name: string, selector: string, spec: string, ns = 'shop') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: {matchLabels: ${selector}}\n${spec}`;

const INGRESS_DENY = policy('payments-in', '{app: payments}', '  policyTypes: [Ingress]\n');
const EGRESS_DENY = policy('cart-out', '{app: cart}', '  policyTypes: [Egress]\n');
const admit = (from: string) => policy('payments-in', '{app: payments}', `  policyTypes: [Ingress]\n  ingress:\n  - from: [${from}]\n    ports: [{port: 9090}]\n`);
const reach = (to: string, port = 9090) => policy('cart-out', '{app: cart}', `  policyTypes: [Egress]\n  egress:\n  - to: [${to}]\n    ports: [{port: ${port}}]\n`);

/** The headline line of `diff` text, from base and head policies beside the same two workloads. */
function headlineOf(base: string[], head: string[], workloads = WORKLOADS): string {
  const files = (policies: string[]) => [{ path: 'app.yaml', text: workloads }, ...policies.map((text, i) => ({ path: `policy-${i}.yaml`, text }))];
  const text = diffText(analyzeDiff(files(base), files(head)));
  return text.split('\n')[2].replace(/policy-\d\.yaml:\d+/g, 'FILE');
}

describe('opened: from the end whose rules now allow', () => {
  it.each([
    ['ingress rule, every namespace', [INGRESS_DENY], [admit('{namespaceSelector: {}}')], 'Opens shop/payments (PCI) to entire-cluster on TCP 9090 (1 rule, FILE).'],
    ['ingress rule, one source', [INGRESS_DENY], [admit('{podSelector: {matchLabels: {app: cart}}}')], 'Opens shop/payments (PCI) to shop/cart on TCP 9090 (1 rule, FILE).'],
    ['ingress rule, the internet', [INGRESS_DENY], [admit('{ipBlock: {cidr: 0.0.0.0/0}}')], 'Opens shop/payments (PCI) to the internet on TCP 9090 (1 rule, FILE).'],
    ['ingress isolation removed', [INGRESS_DENY], [], 'Opens shop/payments (PCI) to everything on any port.'],
    ['egress rule, the internet', [EGRESS_DENY], [reach('{ipBlock: {cidr: 0.0.0.0/0}}', 443)], 'Opens egress from shop/cart to the internet on TCP 443 (1 rule, FILE).'],
    ['egress rule, every namespace', [EGRESS_DENY], [reach('{namespaceSelector: {}}')], 'Opens egress from shop/cart to entire-cluster (PCI) on TCP 9090 (1 rule, FILE).'],
    ['egress rule, one destination (a rule peer wider than the workload: named, the workload in brackets)', [EGRESS_DENY], [reach('{podSelector: {matchLabels: {app: payments}}}')], 'Opens egress from shop/cart to shop/[pod with {app=payments}] (shop/payments today) (PCI) on TCP 9090 (1 rule, FILE).'],
    ['egress isolation removed', [EGRESS_DENY], [], 'Opens egress from shop/cart to everything (PCI) on any port.'],
  ])('%s', (_name, base, head, expected) => {
    expect(headlineOf(base, head)).toBe(expected);
  });

  it('both ends changed: told from the wider reach (the egress to every namespace beats the ingress from cart)', () => {
    const headline = headlineOf([INGRESS_DENY, EGRESS_DENY], [admit('{podSelector: {matchLabels: {app: cart}}}'), reach('{namespaceSelector: {}}')]);
    expect(headline).toMatch(/^Opens egress from shop\/cart to entire-cluster \(PCI\) on TCP 9090 \(2 rules, FILE, FILE\); /);
  });
});

describe('closed: grouped at the end whose policy closed it', () => {
  it('a new ingress deny: one change per destination, its sources listed', () => {
    // Workloads of shop, and beyond them, named: pods of any namespace that the manifests do not hold, and the outside.
    expect(headlineOf([], [INGRESS_DENY])).toBe('Closes shop/cart, shop/payments, [namespace other than shop]/[all pods] and every address => shop/payments (PCI) on any port (FILE).');
  });

  it('a new egress deny: one change per source, its destinations listed (not one per destination)', () => {
    expect(headlineOf([], [EGRESS_DENY])).toBe('Closes shop/cart => shop/cart, shop/payments, [namespace other than shop]/[all pods] and every address (PCI) on any port (FILE).');
  });
});

describe('abstract ends (pods the manifests do not hold)', () => {
  const namespaces = ['billing', 'data'].map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: ${ns}}}\n`).join('---\n');
  const billing = (spec: string) => policy('billing', '{}', spec, 'billing');

  it('an ingress rule of a namespace without workloads opens its pods to the namespaces it admits', () => {
    const headline = headlineOf([billing('  policyTypes: [Ingress]\n')], [billing('  policyTypes: [Ingress]\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: data}}}]}]\n')], namespaces);
    expect(headline).toBe('Opens billing/[all pods] to [namespace with {team=data}]/[all pods] on any port (1 rule, FILE).');
  });

  it('an egress rule of a namespace without workloads opens egress from its pods', () => {
    const headline = headlineOf([billing('  policyTypes: [Egress]\n')], [billing('  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: {team: data}}}]}]\n')], namespaces);
    expect(headline).toBe('Opens egress from billing/[all pods] to [namespace with {team=data}]/[all pods] on any port (1 rule, FILE).');
  });
});

describe('opened toward a new workload: the rule that admits it, not the sources\' default-open egress', () => {
  it('a workload added with a policy admitting every namespace is told from its ingress rule', () => {
    const nsDeny = policy('deny', '{}', '  policyTypes: [Ingress]\n');
    const web = deployment('web', '{app: web}');
    const admitWeb = policy('web-in', '{app: web}', '  ingress:\n  - from: [{namespaceSelector: {}}]\n');
    const files = (workloads: string, policies: string[]) => [{ path: 'app.yaml', text: workloads }, ...policies.map((text, i) => ({ path: `policy-${i}.yaml`, text }))];
    const text = diffText(analyzeDiff(files(WORKLOADS, [nsDeny]), files([WORKLOADS, web].join('---\n'), [nsDeny, admitWeb])));
    const line = text.split('\n')[2].replace(/policy-\d\.yaml:\d+/g, 'FILE');
    expect(line).toContain('to entire-cluster on any port (1 rule, FILE)');
    // One term for every pod of every namespace in one headline: the added workload's clause says it as the lines do (new-user 49 #4).
    expect(line).toContain('entire-cluster may reach it on any port');
    expect(line).not.toContain('every namespace');
    expect(line).not.toMatch(/egress from [^;]*(cart|payments|entire-cluster)/);
  });
});
