/**
 * A clusterwide policy giving its rule to pods other policies isolate, in several namespaces
 * (test/fixtures/ccnp-grant-across/, README there): each namespace's copy was a cause of its own, one
 * summary line and one section per namespace ("CiliumClusterwideNetworkPolicy backup-egress (in a) added:
 * opens egress from a/[pod with {app=backup}] …"; deedee-ops/home-ops 524e0db4: nineteen). Now one sentence
 * over the namespaces by name (analysis/copies-across.ts), and the isolation it starts elsewhere one sentence
 * over every other namespace; the JSON keeps every pair and reason.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ccnp-grant-across', 'named');
const args = (format: string) => ['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format, '--fail-on', 'never'];
const GIVEN = "opens egress from [namespace a, b or c]/[pod with {app=backup}] (already isolated for egress in base by other policies) on TCP 443 to the destinations its rules allow there (its rules name 203.0.113.0/24)";
const STARTED = "closes egress from [namespace other than a, b, c]/[pod with {app=backup}] (pods no other policy isolated for egress in base) to every destination but those head's policies allow";

describe('a clusterwide policy granting a rule in several namespaces', () => {
  it('text: one summary line and one section for the rule given, not one per namespace copy', async () => {
    const out = await main(args('text'));
    expect(out.stderr).toBe('');
    // 51 closed paths (60 while a changed clusterwide policy cut the whole cluster): the same pairs and ports, toward
    // `entire-cluster` over 11 regions, not 14 (the namespaces it applies to are cut only by what tells pods apart there).
    expect(out.stdout).toContain(`  CiliumClusterwideNetworkPolicy backup-egress added (backup.yaml:2): ${GIVEN} (6 paths over 6 label combinations) and ${STARTED} (51 paths over 3 label combinations)\n`);
    expect(out.stdout).toContain(`  O${GIVEN.slice(1)}: CiliumClusterwideNetworkPolicy backup-egress added (backup.yaml:2); 6 paths over 6 label combinations; its 6 lines:\n    a/[pod with {app=backup,tier NotIn (db)}] may now send to 203.0.113.0/24 on TCP 443, backup.yaml:11\n`);
    expect(out.stdout).toContain('    c/[pod with {app=backup,tier=db}] may now send to 203.0.113.0/24 (except 203.0.113.10/32) on TCP 443, backup.yaml:11');
    expect(out.stdout).not.toMatch(/backup-egress \(in [a-z-]+\) added/);
    expect(out.stdout).not.toContain('~ns');
  });

  it('md: the same sentence', async () => {
    const out = await main(args('md'));
    expect(out.stdout).toContain('opens egress from `[namespace a, b or c]/[pod with {app=backup}]` (already isolated for egress in base by other policies) on TCP 443');
    expect(out.stdout).toContain('CiliumClusterwideNetworkPolicy backup-egress added');
    expect(out.stdout).not.toMatch(/backup-egress \(in [a-z-]+\) added/);
  });

  it('json: every pair with its own copy\'s reasons', async () => {
    const j = JSON.parse((await main(args('json'))).stdout) as { summary: { opened: number; closed: number }; pairs: { src: { id: string }; why: { opened: { policy?: string }[] } }[] };
    expect(j.summary).toMatchObject({ opened: 6, closed: 51 });
    const opened = j.pairs.filter((p) => p.why.opened.length > 0);
    expect(opened.map((p) => p.src.id).sort()).toEqual(['a', 'a', 'b', 'b', 'c', 'c'].map((ns, i) => `${ns}/[pod with {app=backup,tier${i % 2 ? '=db' : ' NotIn (db)'}}]`).sort());
    for (const p of opened) expect(p.why.opened.map((r) => r.policy)).toContain(`${p.src.id.split('/')[0]}/backup-egress[CiliumClusterwideNetworkPolicy]`);
  });
});
