/**
 * A ClusterNetworkPolicy written as a v1alpha2 draft wrote it, before network-policy-api v0.2 (rules with
 * `ports`, the AdminNetworkPolicy shape), is accepted by a draft CRD and rejected by v0.2's
 * (kinds/cluster-policy-draft.ts). network-policy-api 8c1c5fa moved its conformance cases to that shape while
 * its own CRD still defined `ports`; reachdiff called each one an error Kubernetes rejects. Fixture
 * j-draft-cluster-network-policy: base guards `shop` with an AdminNetworkPolicy, head with the same rule as a
 * draft ClusterNetworkPolicy.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'j-draft-cluster-network-policy');

interface Json {
  summary: { opened: number; closed: number; errors: number };
  warnings: { file: string; line: number; code: string; severity: string; message: string; new?: boolean }[];
}

describe('a ClusterNetworkPolicy in a pre-v0.2 draft shape', () => {
  it('is no error: a warning at its ports field, and the verdict says the results ignore it', async () => {
    const json = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json', '--fail-on', 'never']);
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout) as Json;
    expect(report.summary.errors).toBe(0);
    expect(report.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'UNSUPPORTED_API_VERSION').map((w) => [w.file, w.line, w.message.slice(0, 72)])).toEqual([
      ['policies/guard.yaml', 16, 'ClusterNetworkPolicy shop-guard: spec.ingress[0].ports is the port field'],
    ]);
    expect(report.warnings.filter((w) => w.code === 'UNMODELLED_POLICY').map((w) => [w.file, w.line, w.message.slice(0, 55)])).toEqual([['policies/guard.yaml', 1, 'results ignore 1 draft-v1alpha2 ClusterNetworkPolicy: r']]);
    const text = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'text', '--fail-on', 'never']);
    expect(text.stdout.split('\n')[0]).toMatch(/results ignore 1 draft-v1alpha2 ClusterNetworkPolicy \(this pull request changes 1\)/);
    expect(text.stdout).not.toMatch(/errors? Kubernetes will reject/);
  });
});
