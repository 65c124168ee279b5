/**
 * An API's conformance suite is no deployment (fixture-trees.ts): network-policy-api keeps its test cases in
 * `conformance/base/`, each a BaselineAdminNetworkPolicy `default` (or a set of AdminNetworkPolicies) that the
 * Go suite applies alone over `conformance/base/manifests.yaml`, then deletes. Read as deployments, the cases
 * were alternative bundles, and a new case was compared with one of its siblings: 41f89d0 (a new egress case)
 * read "2 paths opened", exit 1. The fixture g-conformance-suite has the same shape: two cases in base, a third
 * added in head, and a deployed folder beside the suite.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'g-conformance-suite');
const SIDES = [join(FIX, 'base'), join(FIX, 'head')];

interface Json {
  summary: { opened: number; closed: number; errors: number };
  targets: { name: string; lifecycle?: string; comparedWith?: { targets: string[] }; summary: { opened: number; closed: number } }[];
  notices: { code: string; message: string }[];
}

async function diff(...extra: string[]): Promise<{ exitCode: number; json: Json }> {
  const out = await main(['diff', ...SIDES, '--format', 'json', ...extra]);
  expect(out.stderr).toBe('');
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
}

describe('a conformance suite beside a deployed folder', () => {
  it('a new test case is no deployment: no target holds the suite, one notice names it, exit 0', async () => {
    const { exitCode, json } = await diff();
    expect(exitCode).toBe(0);
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(json.targets.map((t) => t.name)).toEqual(['plain manifests']);
    const fixtures = json.notices.filter((n) => n.code === 'FIXTURE_TREES');
    expect(fixtures.map((n) => n.message)).toEqual([expect.stringMatching(/^Not taken as deployments: 4 manifest files under test-fixture and vendored trees \(conformance\/\)/)]);
    expect(json.notices.filter((n) => n.code === 'ALTERNATIVE_BUNDLES' || n.code === 'OUTSIDE_TARGETS')).toEqual([]);
  });

  it('only at the top: a conformance folder deeper in the tree stays a deployment', () => {
    const policy = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ${ns}}\nspec: {podSelector: {}}\n`;
    const sel = discoverTargets(new RepoFiles([
      { path: 'conformance/base/deny.yaml', text: policy('suite') },
      { path: 'policies/conformance/deny.yaml', text: policy('shop') },
    ]));
    expect(sel.leftOut).toEqual(['conformance/base/deny.yaml']);
    expect(sel.targets.map((t) => [t.name, t.roots])).toEqual([['plain manifests', ['policies/conformance/deny.yaml']]]);
  });
});
