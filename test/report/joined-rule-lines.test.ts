/**
 * A by-rule line that joins clauses of one rule (abstract-groups.ts `abstractRuleLines`) names a long other end
 * once: the example's rule of shop/payments admits `entire-cluster (except …) (… today)` on TCP 9090 for the
 * workload and on TCP grpc for the pods the manifests do not hold; the second clause says `the same peers`
 * (words50: the other end was written twice on one line). Other ends that differ are each said.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const EX = join(process.cwd(), 'examples');
const LONG = 'entire-cluster (except data/[all pods], frontend/[all pods], sandbox/[all pods], shop/[all pods])';

async function line(format: string): Promise<string> {
  const out = await main(['diff', join(EX, 'base'), join(EX, 'head'), '--format', format]);
  const found = out.stdout.split('\n').find((l) => l.includes('now admits') && l.includes('grpc') && l.includes('policies/shop.yaml:105'));
  expect(found).toBeDefined();
  return found!;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('a joined by-rule line', () => {
  it('names a long other end once, in text', async () => {
    const text = await line('text');
    expect(count(text, LONG)).toBe(1);
    expect(text).toContain('shop/[pod with {app=payments}] now admits the same peers on TCP grpc, policies/shop.yaml:105');
  });

  it('names a long other end once, in Markdown', async () => {
    const md = await line('md');
    expect(md).toContain('now admits the same peers on TCP grpc');
    expect(count(md, 'today')).toBe(1);
  });

  it('other ends that differ (one with an exception, one with a workload of today) are each said', async () => {
    const out = await main(['diff', join(EX, 'base'), join(EX, 'head'), '--format', 'text']);
    const redis = out.stdout.split('\n').find((l) => l.includes('data/[pod with {app=redis}] no longer admits'))!;
    expect(count(redis, '[namespace with {team=commerce}]/[pod with {app=cart}]')).toBe(2);
  });
});
