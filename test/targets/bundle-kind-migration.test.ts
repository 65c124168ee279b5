/**
 * A bundle whose policies move to ClusterNetworkPolicy is folded into the target that now applies them, not
 * removed (moved-policies.ts). network-policy-api 16009d7 rewrote its user stories (site-src/user-story-examples,
 * a bundle because its BaselineAdminNetworkPolicy `default` is also defined by demo bundles) as
 * ClusterNetworkPolicies of the same names: no longer redefining anything, the folder joined the plain
 * manifests, and read by kind every policy was gone, while the demo bundles' own `default` counted as another
 * deployment of it; the report said "site-src/user-story-examples (removed by this change)" beside the plain
 * manifests' paths. Fixture k-bundle-moved-to-cluster-network-policy: stories/ (an ANP and the BANP `default`,
 * two demo bundles defining `default` too) rewritten as the same ClusterNetworkPolicies.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'k-bundle-moved-to-cluster-network-policy');

interface Json {
  summary: { opened: number; closed: number };
  targets: { name: string; lifecycle?: string; members: { name: string }[]; assumedFold?: { olds: string[]; news: string[] }; summary: { opened: number; closed: number } }[];
}

describe('a bundle rewritten as ClusterNetworkPolicies of the same names', () => {
  it('is folded into the plain manifests that now apply them: no target removed, and the same rules read as no change', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json']);
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout) as Json;
    expect(json.targets.filter((t) => t.lifecycle !== undefined)).toEqual([]);
    expect(json.targets.map((t) => [t.name, t.members.map((m) => m.name), t.assumedFold && [t.assumedFold.olds, t.assumedFold.news], t.summary.opened, t.summary.closed])).toEqual([
      ['plain manifests (was plain manifests + stories)', ['plain manifests', 'stories'], [['stories'], []], 0, 0],
      ['demos/open/baseline.yaml', ['demos/open/baseline.yaml'], undefined, 0, 0],
      ['demos/strict/baseline.yaml', ['demos/strict/baseline.yaml'], undefined, 0, 0],
    ]);
  });
});
