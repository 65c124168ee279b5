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
  // The new workload sits in a namespace the change creates. Its egress, which no policy selects, counts as for a
  // workload added to a namespace that exists: its path to every address and UNPROTECTED_WORKLOAD, not one path
  // per group of pods the manifests do not hold. Its ingress, which the CCNP decides, counts with the pods it admits
  // (prometheus pods of every namespace on TCP 9090): its pods ran nowhere before (created-namespace-workload.test.ts).
  expect(text.stdout.split('\n')[0]).toBe('2 paths opened; 1 new finding.');
  expect(text.stdout).toContain('admin/web[Deployment] now admits [all namespaces]/[pod with {app.kubernetes.io/name=prometheus}] on TCP 9090');
});
