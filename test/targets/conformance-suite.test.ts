/**
 * An API's conformance suite is no deployment (fixture-trees.ts): network-policy-api keeps its test cases in
 * `conformance/base/`, each a BaselineAdminNetworkPolicy `default` (or a set of AdminNetworkPolicies) that the
 * Go suite applies alone over `conformance/base/manifests.yaml`, then deletes. Read as deployments, the cases
 * were alternative bundles, and a new case was compared with one of its siblings: 41f89d0 (a new egress case)
 * read "2 paths opened", exit 1. The fixture g-conformance-suite has the same shape: two cases in base, a third
 * added in head, and a deployed folder beside the suite.
 *
 * Brought back with `--path`, the cases are alternative bundles again, and a new one is a new alternative:
 * compared with an empty cluster, never with a sibling the change keeps (counterpart-targets.ts).
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

  it('brought back with --path, the new case is a new alternative: compared with an empty cluster, not with a sibling case', async () => {
    const { json } = await diff('--path', '**/*.yaml', '--path', 'conformance/**');
    expect(json.notices.filter((n) => n.code === 'FIXTURE_TREES')).toEqual([]);
    const added = json.targets.filter((t) => t.lifecycle !== undefined);
    expect(added.map((t) => [t.name, t.lifecycle, t.comparedWith])).toEqual([['conformance/base/baseline/allow-egress.yaml', 'added', undefined]]);
    // Everything it allows from red to blue, the suite's workloads and namespaces like them: what applying this case does.
    expect(added[0].summary.opened).toBeGreaterThan(0);
    // The cases the change keeps are unchanged.
    expect(json.targets.filter((t) => t.lifecycle === undefined).map((t) => [t.name, t.summary.opened, t.summary.closed])).toEqual([
      ['plain manifests', 0, 0],
      ['conformance/base/baseline/deny-egress.yaml', 0, 0],
      ['conformance/base/baseline/deny-ingress.yaml', 0, 0],
    ]);
  });
});
