/**
 * Outside the focus, a namespace's pods are cut by its own policies unless one `podSelector: {}` policy
 * isolates them all (outside-subjects.ts). A policy with `enableDefaultDeny: false` (here a
 * CiliumClusterwideNetworkPolicy's copy in ops) selects every pod yet isolates nobody: it used to count as
 * isolating ops whole, so ops was not cut by `app: batch` and "ops/[all pods]" read as opened to api,
 * batch pods (egress isolated, no rule) included (test/fixtures/audit-outside-focus/, README there).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'audit-outside-focus');

interface Peer {
  id: string;
  regionGroup?: string;
}
interface Pair {
  src: Peer;
  dst: Peer;
  opened: unknown;
}

describe('a policy that isolates nobody does not make its namespace one region outside the focus', () => {
  it('ops pods other than app: batch open to api; batch pods stay closed', async () => {
    const args = ['diff', join(FIX, 'base'), join(FIX, 'head')];
    const text = (await main(args)).stdout;
    expect(text).toContain('api/api[Deployment] now admits [namespace other than api, ops]/[all pods] and ops/[pod with {app NotIn (batch)}] on all ports');
    expect(text).not.toContain('ops/[all pods]');
    const json = JSON.parse((await main([...args, '--format', 'json', '--fail-on', 'never'])).stdout) as { pairs: Pair[]; regionGroups: { id: string; peers: Peer[] }[] };
    // The opened sources, a region group's members included.
    const members = (p: Peer) => json.regionGroups.find((g) => g.id === p.regionGroup)?.peers.map((m) => m.id) ?? [p.id];
    const fromOps = json.pairs.filter((p) => p.dst.id === 'api/api[Deployment]' && p.opened).flatMap((p) => members(p.src)).filter((id) => id.startsWith('ops/'));
    expect(fromOps).toEqual(['ops/[pod with {app NotIn (batch)}]']);
  });
});
