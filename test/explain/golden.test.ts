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

  it('a bad peer is one line on stderr and exit code 2', async () => {
    const out = await main(['explain', join(EX, 'head'), '--from', 'shop/nope', '--to', 'data/redis']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^reachdiff: shop\/nope: no such workload \(workloads in shop: .*\); pods the manifests do not hold are asked by labels: shop\/\[all pods\], shop\/\[pod with \{app=nope\}\]\n$/);
  });
});
