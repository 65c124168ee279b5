/**
 * Clusterwide policies selecting pods by opt-in labels, removed (test/fixtures/ccnp-opt-in-lapse/, README
 * there): the label combinations of a namespace the manifests never name end egress isolation under the
 * engine's copies of the policies there (engine/cluster-scope.ts), which the cluster does not hold. The
 * namespace's lapse was told per policy over no policy at all, and text and Markdown stopped with an internal
 * error (bjw-s/home-ops a71f3ddae, 'feat(netpols)!: Remove', seven such policies). Those causes stay per set.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-opt-in-lapse');
const args = (format: string) => ['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format, '--fail-on', 'never'];

describe('opt-in clusterwide policies removed', () => {
  it.each(['text', 'md'])('%s tells the lapse in other namespaces, no internal error', async (format) => {
    const out = await main(args(format));
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('18 paths opened');
    expect(out.stdout).toContain(`CiliumClusterwideNetworkPolicy allow-egress-cluster (in other namespaces, ${format === 'md' ? '`base:opt-in.yaml:15`' : 'base:opt-in.yaml:15'}) isolated egress`);
    expect(out.stdout).not.toContain('~ns');
  });

  it('json: the same pairs, and no namespace sentence over no policy', async () => {
    const out = await main(args('json'));
    const j = JSON.parse(out.stdout) as { summary: { opened: number }; pairs: { src: { id: string } }[] };
    expect(j.summary.opened).toBe(18);
    expect(j.pairs.some((p) => p.src.id.startsWith('[namespace with {kubernetes.io/metadata.name NotIn (web)}]'))).toBe(true);
  });
});
