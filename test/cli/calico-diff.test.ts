/**
 * A Calico change between two hand-written folders (test/fixtures/calico/, README there): while Calico was
 * unmodelled this read "No change"; now the widened source selector of a default-tier policy opens a path,
 * said at the source selector the change edits, with the Pass of the `security` tier that handed the traffic on, and rolled back.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'calico');

describe('diff of a Calico change', () => {
  it('reports the opened path with the edited selector line and the tier Pass, and the rollback', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head')]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(['Opened (1):', '  shop/web[Deployment] => data/db[Deployment] : TCP 5432',
      '      why: passed to the next tier by Calico GlobalNetworkPolicy security.db ingress rule 1 (Calico tier security (order 100), policy order 10, security.yaml:15)',
      '      why: allowed by Calico NetworkPolicy data/db-in ingress rule 1 (calico.yaml:13)',
      '      why: in base, Calico NetworkPolicy data/db-in ingress rule 1 did not allow it (base:calico.yaml:13)'].join('\n'));
    expect(out.stdout).toContain('revert Calico NetworkPolicy/data/db-in (calico.yaml:1)');
    expect(out.stdout).not.toContain('results ignore');
  });

  it('JSON names the policy in the contract form', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as { pairs: { src: { id: string }; dst: { id: string }; why: { opened: { policy?: string; ref?: { file: string; line: number } }[] } }[] };
    const pair = json.pairs.find((p) => p.src.id === 'shop/web[Deployment]' && p.dst.id === 'data/db[Deployment]');
    expect(pair?.why.opened.map((r) => [r.policy, r.ref?.line])).toEqual([
      ['CalicoGlobalNetworkPolicy/security.db', 15],
      ['data/db-in[CalicoNetworkPolicy]', 13],
      // base's version of the rule, which did not allow it
      ['data/db-in[CalicoNetworkPolicy]', 13],
    ]);
  });

  it('list of policies alone counts a Calico policy once, as a Calico policy', async () => {
    const out = await main(['list', join(FIX, 'base', 'security.yaml')]);
    expect(out.stderr).toContain('only 1 Calico policy:');
  });

  it('list reads the security tier: only shop reaches db, and only api on TCP 5432', async () => {
    const out = await main(['list', join(FIX, 'base')]);
    expect(out.stdout.split('\n').filter((l) => l.includes('=> data/db'))).toEqual(['shop/api[Deployment] => data/db[Deployment] : TCP 5432']);
  });
});
