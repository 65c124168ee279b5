/**
 * A closed path whose rule reads the same on both sides: the change is at the path's ends (here the api
 * renames its container port `http` to `grpc`, which the rule names), and *why* says so. Before, it read
 * "NetworkPolicy shop/api ingress rule 1 no longer allows it", as if the rule had been edited (new-user
 * trial 36: a chart's Deployment template renamed its port). Fixture test/fixtures/renamed-port-why.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'renamed-port-why');

interface Json {
  pairs: { src: { id: string }; dst: { id: string }; why: { closed: { kind: string; side: string; unchanged?: boolean; text: string }[] } }[];
}

const closedWhy = async (head: string) => {
  const out = await main(['diff', join(FIX, 'base'), join(FIX, head), '--format', 'json']);
  const json = JSON.parse(out.stdout) as Json;
  const pair = json.pairs.find((p) => p.src.id === 'shop/web[Deployment]' && p.dst.id === 'shop/api[Deployment]')!;
  return pair.why.closed.filter((r) => r.side === 'head');
};

test('the port renamed in the Deployment: the rule is said unchanged, the ends changed', async () => {
  expect(await closedWhy('head')).toEqual([
    // First, the container port line the change edits (analysis/port-name-changes.ts).
    expect.objectContaining({
      kind: 'ports-changed',
      text: 'shop/api[Deployment] no longer declares port http (TCP 8080) (shop.yaml:13), so NetworkPolicy shop/api ingress rule 1 no longer reaches it on port http',
    }),
    expect.objectContaining({
      kind: 'rule-differs',
      unchanged: true,
      text: "NetworkPolicy shop/api ingress rule 1 no longer allows it, though the rule is unchanged: the pods at the path's ends changed (their labels, their namespace's labels or the port names they declare) (shop.yaml:32)",
    }),
  ]);
});

test('the rule edited: said at the port it edits, with no `unchanged`', async () => {
  const [reason] = await closedWhy('head-edited');
  expect(reason).toMatchObject({ kind: 'rule-differs', text: 'NetworkPolicy shop/api ingress rule 1 no longer allows it (shop.yaml:33)' });
  expect(reason.unchanged).toBeUndefined();
});
