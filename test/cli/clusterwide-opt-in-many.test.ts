/**
 * Six clusterwide policies selecting pods by opt-in labels, removed (test/fixtures/ccnp-opt-in-many/, README
 * there): each label combination of each namespace part ended isolation under another set of the engine's
 * copies of them (engine/cluster-scope.ts), a cause per set, and pairs whose both ends lapsed under none; the
 * text listed 11,840 lines (bjw-s/home-ops a71f3ddae: 20,500). Now each direction's lapse is one sentence over
 * every namespace but kube-system (whose own policy isolates too), told per policy, no line per combination.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-opt-in-many');
const args = (format: string) => ['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format, '--fail-on', 'never'];
const OTHERS = '[namespace other than kube-system]';

describe('many opt-in clusterwide policies removed', () => {
  it('text: one lapse per direction, told per policy, in a few lines', async () => {
    const out = await main(args('text'));
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('43864 paths opened');
    expect(out.stdout).toContain('Ends egress isolation in every namespace but kube-system with 4 CiliumClusterwideNetworkPolicies removed (base:opt-in.yaml): no policy isolates the pods they selected for egress in head');
    expect(out.stdout).toContain('Ends ingress isolation in every namespace but kube-system with 2 CiliumClusterwideNetworkPolicies removed (base:opt-in.yaml)');
    // Per policy, by its opt-in label in the namespaces the sentence names; a peer the engine cannot know as such.
    for (const line of [
      `${OTHERS}/[pod with {egress.example/world=allow}] to 0.0.0.0/0, ::/0 on any port (base:opt-in.yaml:12)`,
      `${OTHERS}/[pod with {egress.example/lan=allow}] to 10.1.0.0/24 on any port (base:opt-in.yaml:24)`,
      `${OTHERS}/[pod with {egress.example/kubedns=allow}] to kube-system/[pod with {k8s-app=kube-dns}] on UDP 53 (base:opt-in.yaml:36)`,
      `${OTHERS}/[pod with {egress.example/apiserver=allow}] to peers reachdiff does not model on any port (base:opt-in.yaml:54)`,
      `${OTHERS}/[pod with {ingress.example/lan=allow}] from 10.1.0.0/24 on any port (base:opt-in.yaml:66)`,
      `${OTHERS}/[pod with {ingress.example/world=allow}] from 0.0.0.0/0, ::/0 on any port (base:opt-in.yaml:78)`,
    ]) expect(out.stdout).toContain(`\n    ${line}\n`);
    // Every abstract path is under one of the two sentences (pairs whose both ends lapsed under the source's).
    expect(out.stdout).toMatch(/30,776 paths: 256 with its workload web\/web, 30,520 with its other pods over \d+ label combinations/);
    expect(out.stdout).toMatch(/13,088 paths: 137 with its workload web\/web\[Deployment\], 12,951 with its other pods over \d+ label combinations/);
    // No line per label combination (`… now admits …, in base, CiliumClusterwideNetworkPolicy … (in other namespaces) isolated ingress; …`).
    expect(out.stdout).not.toContain('(in other namespaces) isolated');
    expect(out.stdout).not.toContain('may now send to');
    expect(out.stdout).not.toContain('~ns');
    // Main before: 11,840 lines; now the sentences, 4 workload pairs and the rollback's patch.
    expect(out.stdout.split('\n').length).toBeLessThan(200);
  });

  it('md: the same two sentences, and as short', async () => {
    const out = await main(args('md'));
    expect(out.stdout).toContain('Ends egress isolation in every namespace but kube-system with 4 CiliumClusterwideNetworkPolicies removed');
    expect(out.stdout).toContain(`\`${OTHERS}/[pod with {egress.example/world=allow}]\` to \`0.0.0.0/0, ::/0\` on any port`);
    expect(out.stdout).not.toContain('~ns');
    expect(out.stdout.split('\n').length).toBeLessThan(200);
  });

  it('a clusterwide policy that only adds rules (enableDefaultDeny false) beside them: no sentence over every namespace', async () => {
    // test/fixtures/clusterwide-public-names/: x-dns-only and y-dns-only overlap, web-out (endpointSelector {}) isolates nobody.
    const PUBLIC = join(process.cwd(), 'test', 'fixtures', 'clusterwide-public-names');
    const out = await main(['diff', join(PUBLIC, 'none'), join(PUBLIC, 'head'), '--format', 'text', '--fail-on', 'never']);
    expect(out.stdout).not.toContain('isolation in every namespace');
    // Each set of copies' start told alike across namespaces (copies-across.ts), not a start of every namespace told per policy.
    expect(out.stdout).toContain('CiliumClusterwideNetworkPolicy x-dns-only and CiliumClusterwideNetworkPolicy y-dns-only added');
  });

  it('json: every pair, as before', async () => {
    const out = await main(args('json'));
    const j = JSON.parse(out.stdout) as { summary: { opened: number } };
    expect(j.summary.opened).toBe(43864);
  });
});
