/**
 * UNPROTECTED_WORKLOAD where a Cilium policy selects the workload with `enableDefaultDeny: {ingress: false}`:
 * its rules only add to what other policies allow, so the workload is open, but "No NetworkPolicy selects
 * db/postgres" and "Add a default-deny policy … (podSelector: {})" sent a Cilium user to write a NetworkPolicy
 * while the line that opened it was the policy's own enableDefaultDeny (new-user trial 33). The finding names
 * that policy and its setting, and the fix says to remove it. Fixture: test/fixtures/unprotected-join-only.
 */
import { main } from '../../src/cli/main.js';

it('names the policy whose enableDefaultDeny keeps the workload open', async () => {
  const out = await main(['lint', 'test/fixtures/unprotected-join-only', '--format', 'json']);
  const findings = (JSON.parse(out.stdout) as { findings: { code: string; message: string; fix: string }[] }).findings.filter((f) => f.code === 'UNPROTECTED_WORKLOAD');
  expect(findings).toHaveLength(1);
  expect(findings[0].message).toBe(
    'No policy isolates db/postgres[StatefulSet] for ingress: CiliumNetworkPolicy db/postgres selects it with `enableDefaultDeny: {ingress: false}` (all.yaml:17), so its rules only add to what other policies allow; every pod and every address may connect to it.',
  );
  expect(findings[0].fix).toBe('Remove `enableDefaultDeny: {ingress: false}` from CiliumNetworkPolicy db/postgres (its rules then isolate postgres), or add a policy that isolates it for Ingress.');
});
