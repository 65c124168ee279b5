/**
 * The headline cites the lines responsible for each change, compactly and alike in text and Markdown: a closing a
 * NetworkPolicy rule's edit makes names that rule's line (it named none, while a tier change names its rule), and
 * several rules of one policy are one entry, their lines as a range (re38: coolguy1771 559b10ea9's headline listed
 * six lines of one policy). Fixtures written here.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { headline } from '../../src/report/headline.js';
import type { Highlight } from '../../src/analysis/highlights.js';
import { ConnectionSet, NamedConns, PortSet } from '../../src/engine/index.js';
import type { PeerRef, Workload } from '../../src/engine/index.js';
import { sideTreesSync } from '../helpers/git.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

type Files = Record<string, string>;
const APPS = ['cart', 'payments'].map((n) => appDeployment(n, 'shop')).join('---\n');
/** payments' ingress: one rule per port, each from cart (the first `- from:` at line 8, then every 3 lines). */
const policy = (ports: readonly number[]) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: payments-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: payments}}
  policyTypes: [Ingress]
  ingress:
${ports.map((p) => `    - from: [{podSelector: {matchLabels: {app: cart}}}]\n      ports:\n        - {port: ${p}}\n`).join('')}`;
/** Every pod of shop isolated for ingress: payments-in is what admits cart. */
const DENY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

async function headlines(base: Files, head: Files): Promise<{ text: string; md: string }> {
  const root = sideTreesSync({ base, head }, 'reachdiff-headline-lines-');
  const run = async (format: string) => {
    const out = await main(['diff', join(root, 'base'), join(root, 'head'), '--fail-on', 'never', '--format', format]);
    expect(out.stderr).toBe('');
    return out.stdout;
  };
  const text = (await run('text')).split('\n')[2];
  const md = (await run('md')).split('\n').find((l) => /^(Opens|Closes|Adds|Removes) /.test(l)) ?? '';
  return { text, md };
}

const files = (np: string): Files => ({ 'apps.yaml': APPS, 'deny.yaml': DENY, 'np.yaml': np });

describe('the lines a headline cites', () => {
  it('a closing a rule\'s edit makes cites the edited rule, in text and Markdown alike', async () => {
    const { text, md } = await headlines(files(policy([9090])), files(policy([9091])));
    expect(text).toContain('closes shop/cart => shop/payments on TCP 9090 (1 rule, np.yaml:10)');
    expect(md).toBe(text);
  });

  it('six rules of one policy: one entry, their lines as a range', async () => {
    const ports = [9001, 9002, 9003, 9004, 9005, 9006];
    const { text, md } = await headlines(files(policy([])), files(policy(ports)));
    expect(text).toBe('Opens shop/payments to shop/cart on TCP 9001-9006 (6 rules, np.yaml:8-23).');
    expect(md).toBe(text);
  });
});

describe('the lines of several policies', () => {
  const workload = (name: string): PeerRef => ({ type: 'workload', workload: { id: `shop/${name}[Deployment]`, namespace: 'shop', name, kind: 'Deployment', podLabels: { app: name } } as unknown as Workload });
  const change = (refs: Highlight['refs']): Highlight => ({ change: 'opened', direction: 'ingress', srcs: [workload('cart')], dsts: [workload('payments')], conn: NamedConns.of(ConnectionSet.of('TCP', PortSet.range(80))), refs, tags: [] });
  const label = (p: PeerRef) => (p.type === 'workload' ? `shop/${p.workload.name}` : '?');

  it('one entry per policy, the first two named', () => {
    const refs = [
      { file: 'a.yaml', line: 9, policy: 'shop/a' },
      { file: 'a.yaml', line: 5, policy: 'shop/a' },
      { file: 'b.yaml', line: 3, policy: 'shop/b' },
      { file: 'c.yaml', line: 7, policy: 'shop/c' },
    ];
    expect(headline([change(refs)], label)).toBe('Opens shop/payments to shop/cart on TCP 80 (4 rules, a.yaml:5-9, b.yaml:3, …).');
  });

  it('a policy\'s own line (it now isolates) is no rule: the lines without a count; a removed policy\'s line is base\'s', () => {
    const refs = [
      { file: 'a.yaml', line: 1, policy: 'shop/a', policyLine: true as const },
      { file: 'b.yaml', line: 2, policy: 'shop/b', policyLine: true as const, side: 'base' as const },
    ];
    expect(headline([{ ...change(refs), change: 'closed' }], label)).toBe('Closes shop/cart => shop/payments on TCP 80 (a.yaml:1, base:b.yaml:2).');
  });
});
