/**
 * A CiliumClusterwideNetworkPolicy (or a Calico GlobalNetworkPolicy of the default tier) selects pods of every
 * namespace its selector picks in the cluster, not only of those the manifests hold (test/fixtures/ccnp-cluster-scope/,
 * README there). Its allow rules and default deny used to be copied into the namespaces the manifests define or
 * use only, so "[namespace other than …]/[all pods]" stayed open: the diff reported nothing closed from (or to)
 * them, and a namespace new in head read as closing what the policy had closed all along.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-cluster-scope');
const OTHERS = '[namespace other than api, db, kube-system]/[all pods]';
const OTHERS_ID = '[namespace with {kubernetes.io/metadata.name NotIn (api,db,kube-system)}]/[all pods]';

interface Reason {
  policy?: string;
  text: string;
}
interface Pair {
  src: { id: string };
  dst: { id: string };
  opened: unknown;
  closed: unknown;
  why: { closed: Reason[] };
}

async function diffJson(head: string): Promise<Pair[]> {
  const out = await main(['diff', join(FIX, 'base'), join(FIX, head), '--format', 'json', '--fail-on', 'never']);
  return (JSON.parse(out.stdout) as { pairs: Pair[] }).pairs;
}

const closedBetween = (pairs: readonly Pair[], src: string, dst: string) => pairs.find((p) => p.src.id === src && p.dst.id === dst)?.closed;

describe('a clusterwide policy over every namespace', () => {
  it('egress allowed only to kube-dns: pods of namespaces the manifests do not hold lose everything else', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head')]);
    expect(out.stdout).toContain(`${OTHERS} may no longer send to ${OTHERS}, kube-system/[pod with {k8s-app NotIn (kube-dns)}], api/api[Deployment], db/db[Deployment], 0.0.0.0/0, ::/0 on all ports, CiliumClusterwideNetworkPolicy dns-only (in other namespaces, dns-only.yaml:2) isolates egress`);
    expect(out.stdout).toContain(`${OTHERS} may no longer send to kube-system/coredns[Deployment] on any port but UDP 53`);
    const pairs = await diffJson('head');
    for (const dst of ['api/api[Deployment]', 'db/db[Deployment]']) expect(closedBetween(pairs, OTHERS_ID, dst)).toEqual({ all: true });
    // Toward the pods no selector names (theirs among them), grouped as one abstract destination; and every address.
    expect(pairs.find((p) => p.src.id === OTHERS_ID && p.dst.id.startsWith('entire-cluster'))?.closed).toEqual({ all: true });
    expect(pairs.find((p) => p.src.id === OTHERS_ID && p.dst.id.startsWith('0.0.0.0'))?.closed).toEqual({ all: true });
    expect(closedBetween(pairs, OTHERS_ID, 'kube-system/coredns[Deployment]')).toEqual({ protocols: { TCP: [[1, 65535]], UDP: [[1, 52], [54, 65535]], SCTP: [[1, 65535]] } });
    // And the workloads, as before.
    expect(pairs.find((p) => p.src.id === 'api/api[Deployment]' && p.dst.id.startsWith('entire-cluster'))?.closed).toEqual({ all: true });
    expect(closedBetween(pairs, 'kube-system/coredns[Deployment]', 'db/db[Deployment]')).toEqual({ all: true });
    const why = pairs.find((p) => p.src.id === OTHERS_ID && p.dst.id === 'db/db[Deployment]')!.why.closed;
    expect(why.map((r) => r.text)).toContain('CiliumClusterwideNetworkPolicy dns-only (in other namespaces, dns-only.yaml:2) isolates egress; its egress rule 1 (dns-only.yaml:9) allows other peers, not this one');
  });

  it('ingress only from namespace api: pods of namespaces the manifests do not hold admit nothing else', async () => {
    const pairs = await diffJson('head-ingress');
    for (const src of ['db/db[Deployment]', 'kube-system/coredns[Deployment]', OTHERS_ID]) expect(closedBetween(pairs, src, OTHERS_ID)).toEqual({ all: true });
    expect(closedBetween(pairs, 'api/api[Deployment]', OTHERS_ID)).toBeUndefined();
    const external = pairs.find((p) => p.dst.id === OTHERS_ID && p.src.id.startsWith('0.0.0.0'));
    expect(external?.closed).toEqual({ all: true });
  });

  it('a namespace new in head was isolated all along: adding its workload closes nothing', async () => {
    const out = await main(['diff', join(FIX, 'head'), join(FIX, 'head-new-namespace')]);
    expect(out.stdout).toMatch(/^2 paths opened; /);
    expect(out.stdout).not.toContain('closes web/[all pods]');
  });

  it('io.kubernetes.pod.namespace NotIn [kube-system]: other namespaces are isolated, kube-system is not; a host policy stays unanalysed', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head-scoped')]);
    expect(out.stdout).toContain(`${OTHERS} may no longer send to kube-system/coredns[Deployment] on any port but UDP 53`);
    expect(out.stdout).not.toMatch(/kube-system\/\S+ may no longer send/);
    expect(out.stdout).toContain('CiliumClusterwideNetworkPolicy host-fw: spec.nodeSelector: a host policy applies to nodes, which manifests do not hold; this spec is not analysed');
  });

  it('a Calico GlobalNetworkPolicy of the default tier isolates them the same way', async () => {
    const pairs = await diffJson('head-calico');
    expect(closedBetween(pairs, OTHERS_ID, 'api/api[Deployment]')).toEqual({ all: true });
    expect(closedBetween(pairs, OTHERS_ID, 'kube-system/coredns[Deployment]')).toEqual({ protocols: { TCP: [[1, 65535]], UDP: [[1, 52], [54, 65535]], SCTP: [[1, 65535]] } });
  });

  it("findings name the policy's copies in the namespaces the manifests hold, never the engine's copies elsewhere", async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head-world')]);
    // Named as the group's first line names the policy (report/finding-groups.ts `alikeText`), not by its id.
    expect(out.stdout).toContain('the same for 2 more in this file:\n        world-egress.yaml:9: CiliumClusterwideNetworkPolicy world-only (in db): egress every-address:0.0.0.0/0, ::/0\n        world-egress.yaml:9: CiliumClusterwideNetworkPolicy world-only (in kube-system): egress every-address:0.0.0.0/0, ::/0');
    expect(out.stdout.match(/\[PERMISSIVE_RULE\]/g)).toHaveLength(1);
    expect(out.stdout).not.toContain('~ns');
  });

  it('the rollback of its removal restores it, closing what the removal opened for those pods too', async () => {
    const out = await main(['diff', join(FIX, 'head'), join(FIX, 'base')]);
    expect(out.stdout).toContain(`${OTHERS} may now send to kube-system/coredns[Deployment] on any port but UDP 53`);
    expect(out.stdout).toContain('Rollback (proven minimal): revert 1 document to close every opened path:\n  restore CiliumClusterwideNetworkPolicy/dns-only (base:dns-only.yaml:2)');
  });

  it('list and list --exposure read the workloads as before (exposure is one-sided: the workload\'s own policies)', async () => {
    const list = await main(['list', join(FIX, 'head')]);
    expect(list.stdout.split('\n').filter((l) => l.startsWith('api/api'))).toEqual(['api/api[Deployment] => kube-system/coredns[Deployment] : UDP 53']);
    const exposure = await main(['list', join(FIX, 'head-ingress'), '--exposure']);
    expect(exposure.stdout).toContain('db/db[Deployment]               \t<= \tapi/[all pods] : All Connections');
  });

  it('the closing in every namespace, those the manifests do not hold included, is one cause of the policy (copies-across.ts)', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head-cut')]);
    // Grouped: the headline's cause and the section telling it once, with its lines under it; one per namespace copy before.
    expect(out.stdout).toContain(`CiliumClusterwideNetworkPolicy dns-only added (dns-only.yaml:3): closes egress from entire-cluster (pods no other policy isolated for egress in base) to every destination but those head's policies allow (110 paths: 33 with its workloads api/api[Deployment], db/db[Deployment] and kube-system/coredns[Deployment], 77 with its other pods over 7 label combinations)`);
    expect(out.stdout).toContain(`Closes egress from entire-cluster (pods no other policy isolated for egress in base) to every destination but those head's policies allow: CiliumClusterwideNetworkPolicy dns-only added (dns-only.yaml:3); 110 paths (12 listed above): 33 with its workloads api/api[Deployment], db/db[Deployment] and kube-system/coredns[Deployment], 77 with its other pods over 7 label combinations; its 37 lines:`);
    expect(out.stdout).not.toContain('CiliumClusterwideNetworkPolicy dns-only (in api) added');
    expect(out.stdout).not.toContain('CiliumClusterwideNetworkPolicy dns-only (in other namespaces) added');
    // The engine's internal name of the region namespace is never shown.
    expect(out.stdout).not.toContain('~ns');
  });

  it('two overlapping policies: every namespace starts isolation in one sentence told per policy, the other namespaces never named ~ns', async () => {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head-overlap')]);
    // One start for the two policies' copies in every namespace (api, db, kube-system and the others), per policy.
    expect(out.stdout).toContain('Starts egress isolation in every namespace with 2 new CiliumClusterwideNetworkPolicies (dns-only.yaml): no policy isolated the pods they select for egress in base');
    expect(out.stdout).toContain('    [all namespaces]/[pod with {app=x}] to kube-system/[pod with {k8s-app=kube-dns}] on UDP 53 (dns-only.yaml:12)\n');
    expect(out.stdout).toContain('    [all namespaces]/[pod with {tier=y}] to kube-system/[pod with {k8s-app=kube-dns}] on UDP 53 (dns-only.yaml:30)\n');
    expect(out.stdout).toContain('315 paths over 15 label combinations (its 30 lines, one per label combination and peers, not listed');
    expect(out.stdout).not.toContain('may no longer send to');
    expect(out.stdout).not.toContain('~ns');
  });
});
