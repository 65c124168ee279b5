/**
 * A clusterwide policy's copies in the parts of the namespaces the manifests do not hold (engine/cluster-scope.ts,
 * internally `~ns<k>/name[Kind]`) are named by the policy wherever output names a policy
 * (test/fixtures/clusterwide-public-names/, README there): JSON reasons, rule groups, explain's rules, warnings,
 * and the text's sentences for several policies. They carried the internal id (re18-nickromney a544792:
 * `policy: "~ns2/deny-dev-to-uat[CiliumClusterwideNetworkPolicy]"`), which no cluster has, and the rule groups
 * counted each part of those namespaces apart.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { publicPolicyId } from '../../src/engine/index.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'clusterwide-public-names');
const OTHERS = '[namespace with {kubernetes.io/metadata.name NotIn (api,db,kube-system)';

interface Reason {
  kind: string;
  policy?: string;
}
interface DiffJson {
  pairs: { src: { id: string }; dst: { id: string }; why: { opened: Reason[]; closed: Reason[] } }[];
  groups?: { kind: string; key: string; count: number }[];
  warnings: { code: string; message: string }[];
}

const run = (base: string, head: string, format: string) => main(['diff', join(FIX, base), join(FIX, head), '--format', format, '--fail-on', 'never']);
const diffJson = async (base: string, head: string): Promise<DiffJson> => JSON.parse((await run(base, head, 'json')).stdout) as DiffJson;
const reasonsFrom = (j: DiffJson, src: string) => j.pairs.filter((p) => p.src.id.startsWith(src)).flatMap((p) => [...p.why.opened, ...p.why.closed]);

describe('clusterwide policies in the namespaces the manifests do not hold', () => {
  it('publicPolicyId: a copy there is the policy in the cluster-wide form, every other id as it is', () => {
    expect(publicPolicyId('~ns2/deny-dev-to-uat[CiliumClusterwideNetworkPolicy]')).toBe('CiliumClusterwideNetworkPolicy/deny-dev-to-uat');
    expect(publicPolicyId('~ns0/allow[CiliumClusterwideNetworkPolicy]/specs[1]')).toBe('CiliumClusterwideNetworkPolicy/allow/specs[1]');
    expect(publicPolicyId('~ns1/db[CalicoGlobalNetworkPolicy]#2')).toBe('CalicoGlobalNetworkPolicy/db#2');
    for (const id of ['shop/allow-dns[CiliumClusterwideNetworkPolicy]', 'shop/db', 'CiliumClusterwideNetworkPolicy/deny', 'CalicoGlobalNetworkPolicy/x/end-of-tier']) expect(publicPolicyId(id)).toBe(id);
  });

  it('JSON reasons name the policy; the copies in the namespaces the manifests hold keep their ids', async () => {
    const j = await diffJson('none', 'head');
    expect(JSON.stringify(j)).not.toContain('~ns');
    const fromOthers = reasonsFrom(j, OTHERS).filter((r) => r.kind === 'isolated-by').map((r) => r.policy);
    expect(new Set(fromOthers)).toEqual(new Set(['CiliumClusterwideNetworkPolicy/x-dns-only', 'CiliumClusterwideNetworkPolicy/y-dns-only']));
    expect(reasonsFrom(j, 'api/').some((r) => r.policy === 'api/x-dns-only[CiliumClusterwideNetworkPolicy]')).toBe(true);
  });

  it('a Calico GlobalNetworkPolicy alike', async () => {
    const j = await diffJson('none', 'head-calico');
    expect(JSON.stringify(j)).not.toContain('~ns');
    expect(reasonsFrom(j, OTHERS).map((r) => r.policy)).toContain('CalicoGlobalNetworkPolicy/dns-only');
  });

  it("a rule's group counts its copies in every part of those namespaces as one (JSON and text)", async () => {
    const j = await diffJson('base', 'head');
    const rules = (j.groups ?? []).filter((g) => g.kind === 'rule');
    expect(rules.find((g) => g.key === 'CiliumClusterwideNetworkPolicy/y-dns-only egress rule 2')?.count).toBe(192);
    expect(rules.find((g) => g.key === 'CiliumClusterwideNetworkPolicy/x-dns-only egress rule 2')?.count).toBe(64);
    expect(JSON.stringify(j)).not.toContain('~ns');
    const text = (await run('base', 'head', 'text')).stdout;
    // The text names the policy as its reasons do (report/pair-groups.ts), the JSON's key stays the id.
    expect(text).toContain('CiliumClusterwideNetworkPolicy y-dns-only egress rule 2 (egress.yaml:46) opens 192 paths');
    expect(text).not.toContain('~ns');
  });

  it('a warning about a rule of theirs names the policy, once for all namespaces it is copied into (one rule line, one warning)', async () => {
    const j = await diffJson('none', 'head');
    const named = j.warnings.filter((w) => w.code === 'NAMED_PORT_TO_IPBLOCK').map((w) => w.message.split(':')[0]);
    expect(named).toEqual(['CiliumClusterwideNetworkPolicy/web-out']);
  });

  it.each(['text', 'md'])('%s: several policies starting isolation there are named by kind and name', async (format) => {
    const out = (await run('none', 'head', format)).stdout;
    // Their copies in every namespace alike are one cause (copies-across.ts): the policies by kind and name, over all namespaces.
    expect(out).toContain("closes egress from [all namespaces]/[pod with {app=x,tier=y}] (pods no other policy isolated for egress in base) to every destination but those head's policies allow: CiliumClusterwideNetworkPolicy x-dns-only and CiliumClusterwideNetworkPolicy y-dns-only added (egress.yaml:2, egress.yaml:28)");
    expect(out).not.toContain('(in other namespaces) added');
    expect(out).not.toContain('~ns');
  });

  it('explain JSON names the policy deciding for those namespaces', async () => {
    const out = await main(['explain', join(FIX, 'head'), '--from', 'entire-cluster', '--to', 'api/api', '--format', 'json']);
    expect(out.stdout).not.toContain('~ns');
    expect(out.stdout).toContain('"policy": "CiliumClusterwideNetworkPolicy/x-dns-only"');
  });
});
