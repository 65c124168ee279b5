/**
 * ClusterNetworkPolicy is a policy kind like the others wherever target discovery asks (policy-kinds.ts):
 * two plain folders defining a ClusterNetworkPolicy of the same name are alternative bundles, as two defining
 * an AdminNetworkPolicy are. Missing from the list, it merged them into one target, where the last copy hid
 * the other (network-policy-api 8c1c5fa: its conformance cases, moved from ANP/BANP to ClusterNetworkPolicy,
 * folded into one target with every other plain folder). Fixture h-cluster-network-policy-bundles: two ways
 * to guard `shop` (examples/strict, examples/open), over the workloads of examples/; head edits the open one.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'h-cluster-network-policy-bundles');

interface Json {
  pairs: { target: string; src: { id?: string }; dst: { id?: string } }[];
  targets: { name: string; members: { name: string; withFolders?: string[] }[]; summary: { opened: number; closed: number } }[];
  notices: { code: string; message: string }[];
  warnings: { code: string }[];
}

describe('ClusterNetworkPolicy sets that redefine each other', () => {
  it('are alternative bundles, each with the workloads of the folder above; the edit of one is reported, not hidden by the other', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json', '--fail-on', 'never']);
    expect(out.stderr).toBe('');
    const json = JSON.parse(out.stdout) as Json;
    expect(json.targets.map((t) => [t.name, t.members.map((m) => m.withFolders), t.summary.opened, t.summary.closed])).toEqual([
      ['examples/open/policy.yaml', [['examples']], 1, 1],
      ['examples/strict/policy.yaml', [['examples']], 0, 0],
    ]);
    expect(json.pairs.map((p) => [p.target, p.src.id, p.dst.id])).toEqual([
      ['examples/open/policy.yaml', 'shop/web[Deployment]', 'shop/web[Deployment]'],
      ['examples/open/policy.yaml', 'tools/probe[Deployment]', 'shop/web[Deployment]'],
    ]);
    expect(json.notices.filter((n) => n.code === 'ALTERNATIVE_BUNDLES').map((n) => n.message)).toEqual([expect.stringContaining('both define ClusterNetworkPolicy shop-guard')]);
    expect(json.warnings.filter((w) => w.code === 'DUPLICATE_OBJECT')).toEqual([]);
  });
});
