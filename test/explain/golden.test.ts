/** `reachdiff explain` and `diff --explain` on the example, pinned as golden files (rewrite with UPDATE_GOLDEN=1). */
import { join } from 'node:path';
import { goldenIn } from '../helpers/golden-file.js';
import { main } from '../../src/cli/main.js';

const golden = goldenIn(join(process.cwd(), 'test', 'explain', 'golden'));
const EX = join(process.cwd(), 'examples');
const EXT = { text: 'txt', md: 'md', json: 'json' } as const;

describe('explain on the example', () => {
  it.each(['text', 'md', 'json'] as const)('the closed cart → redis path (denied by port) --format %s', async (format) => {
    const out = await main(['explain', join(EX, 'head'), '--from', 'shop/cart', '--to', 'data/redis', '--port', '6379/TCP', '--format', format]);
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(1);
    golden(`cart-redis.${EXT[format]}`, out.stdout);
  });

  it('an allowed path exits 0 and names the allowing rule', async () => {
    const out = await main(['explain', join(EX, 'head'), '--from', 'monitoring/prometheus', '--to', 'shop/payments', '--port', 'grpc']);
    expect(out.exitCode).toBe(0);
    golden('prometheus-payments.txt', out.stdout);
  });

  it.each(['text', 'json'] as const)('diff --explain shows the pair on both sides --format %s', async (format) => {
    const out = await main(['diff', join(EX, 'base'), join(EX, 'head'), '--explain', 'monitoring/prometheus', 'shop/payments', '--port', '9090', '--format', format]);
    expect(out.stderr).toBe('');
    // The change opens the asked traffic: exit 1, as diff's default --fail-on opened.
    expect(out.exitCode).toBe(1);
    golden(`diff-prometheus-payments.${EXT[format]}`, out.stdout);
  });

  it('asked on every port with some allowed, near misses say they are for the rest (new-user trial 31 #10)', async () => {
    const out = await main(['explain', join(EX, 'base'), '--from', 'shop/cart', '--to', 'data/redis']);
    // Partly allowed: some asked port is denied.
    expect(out.exitCode).toBe(1);
    // The allowing rule is also the nearest miss for the other ports: the line says which ports it speaks of.
    expect(out.stdout).toContain('allowed by NetworkPolicy shop/cart-egress egress rule 1 (policies/shop.yaml:60): TCP 6379');
    expect(out.stdout).toContain('near miss for any port but TCP 6379: NetworkPolicy shop/cart-egress egress rule 1 (policies/shop.yaml:60)\n    - ports: the rule allows only [TCP 6379]');
    // What is left of "any port" is told by the rule's own ports, not as "any port but … not in […]".
    expect(out.stdout).toContain('    - ports: the rule allows only [TCP 53, UDP 53]');
    expect(out.stdout).not.toMatch(/any port but [^\n]* not in/);
  });

  it('a bad peer is one line on stderr and exit code 2', async () => {
    const out = await main(['explain', join(EX, 'head'), '--from', 'shop/nope', '--to', 'data/redis']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^reachdiff: shop\/nope: no such workload \(workloads in shop: .*\); pods the manifests do not hold are asked by labels: shop\/\[all pods\], shop\/\[pod with \{app=nope\}\]\n$/);
  });
});
