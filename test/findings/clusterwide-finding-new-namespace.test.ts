/**
 * A cluster-scoped policy's findings are the policy's, whichever namespace's copy told them: a namespace
 * added in head (copies are made per namespace, engine/cluster-scope.ts) made every finding of an
 * unchanged CiliumClusterwideNetworkPolicy "new", told on the new namespace's copy (deedee-ops/home-ops
 * 524e0db4: 9 of its 11 new findings). Fixture test/fixtures/clusterwide-finding-new-namespace: head adds
 * namespace admin and a Deployment there beside an unchanged CCNP with a permissive rule.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'clusterwide-finding-new-namespace');

it('matches a cluster-scoped policy’s findings across its copies, so only the new workload’s finding is new', async () => {
  const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json']);
  const findings = (JSON.parse(out.stdout) as { findings: { code: string; subject: string; new: boolean }[] }).findings;
  expect(findings.filter((f) => f.new).map((f) => f.code)).toEqual(['UNPROTECTED_WORKLOAD']);
  const text = await main(['diff', join(FIX, 'base'), join(FIX, 'head')]);
  expect(text.stdout.split('\n')[0]).toBe('1 path opened; 1 new finding.');
});
