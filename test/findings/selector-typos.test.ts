/**
 * The typos of a team's first policies beside a chart (new-user trial 36), said with their likely fix:
 * `app: api` where the chart's pods carry `app.kubernetes.io/name: api` (POLICY_SELECTS_NOTHING and
 * PEER_SELECTS_NOTHING said only "matches none"), and a namespace name one or two edits from one the
 * manifests define or every cluster has (`ingress-ngnix`, `kube-sytem`: nothing was said, since a name may
 * be a namespace created elsewhere). A family name (`team-b` beside `team-a`, `shop2` beside `shop`) is not taken for a typo.
 * Fixture test/fixtures/selector-typos.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'selector-typos');

interface Finding {
  code: string;
  line: number;
  message: string;
  fix: string;
}

const findings = async (): Promise<Finding[]> => {
  const out = await main(['lint', FIX, '--format', 'json', '--fail-level', 'never']);
  return (JSON.parse(out.stdout) as { findings: Finding[] }).findings.filter((f) => f.code.endsWith('_SELECTS_NOTHING'));
};

test('a pod label under another key: the workload that carries its value is named', async () => {
  const all = await findings();
  expect(all.find((f) => f.code === 'POLICY_SELECTS_NOTHING')?.message).toContain('(podSelector {app=api}: shop/api[Deployment] carries app.kubernetes.io/name=api, not app=api)');
  expect(all.find((f) => f.code === 'PEER_SELECTS_NOTHING' && f.line === 45)?.message).toContain('matches no pod in shop (shop/api[Deployment] carries app.kubernetes.io/name=api, not app=api)');
});

test('a misspelt namespace name is said with the name meant; a family name is not', async () => {
  const peers = (await findings()).filter((f) => f.code === 'PEER_SELECTS_NOTHING');
  expect(peers.map((f) => f.line)).toEqual([29, 40, 45]);
  expect(peers[0].message).toContain('matches no namespace: ingress-ngnix is defined nowhere in the manifests, while ingress-nginx is (misspelt?)');
  expect(peers[0].fix).toBe('Correct the name to ingress-nginx, unless namespace ingress-ngnix is created elsewhere.');
  expect(peers[1].message).toContain('kube-sytem is defined nowhere in the manifests, while kube-system is a namespace of every cluster (misspelt?)');
});
