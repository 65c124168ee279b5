/**
 * Several targets merged into one (or one split into several), their files edited on the way, are one
 * target compared with the union of those they replaced, also when another target deploys the same
 * objects before and after (real-eval 30: anthos-config-management-samples c66969b folded three tenant
 * kustomizations into one while a top-level kustomization deployed all three; the new one read as "20
 * paths closed", every policy new, beside three removed targets). Fixtures: test/fixtures/merged-targets/.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { objectGroups } from '../../src/targets/moved-policies.js';
import { readTree, tempFolder } from '../helpers/git.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'merged-targets');
/** `apart` (alpha/, beta/), `merged` (tenants/ building both), `merged-opens` (beta also admits alpha on TCP 8080); each with platform/. */
const side = (name: 'apart' | 'merged' | 'merged-opens') => join(FIX, name);

/** A copy of a fixture side without platform/ (no other deployment of the tenants' policies). */
async function withoutPlatform(dir: string): Promise<string> {
  return tempFolder((await readTree(dir)).filter((f) => !f.path.startsWith('platform/')));
}

interface Json {
  targets: { name: string; pairs: { src: { id: string }; dst: { id: string }; opened: unknown; closed: unknown }[] }[];
}

async function diff(base: string, head: string): Promise<{ exitCode: number; stdout: string; json: Json }> {
  const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as Json;
  const text = await main(['diff', base, head]);
  return { exitCode: text.exitCode, stdout: text.stdout, json };
}

describe('targets merged into one, each file edited', () => {
  it('are compared as one with the target they became: no change, though another target deploys the same policies', async () => {
    const out = await diff(side('apart'), side('merged'));
    expect(out.json.targets.map((t) => [t.name, t.pairs.length])).toEqual([
      ['platform', 0],
      ['tenants (was alpha + beta)', 0],
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('platform: no change; tenants (was alpha + beta): no change.');
    expect(out.stdout).toContain("Base's targets alpha and beta are taken as the same deployment as head's tenants (their policies moved there)");
    expect(out.stdout).not.toContain('new in this change');
  });

  it('report exactly the path the merge opens, under the merged target', async () => {
    const out = await diff(side('apart'), side('merged-opens'));
    const t = out.json.targets.find((x) => x.name === 'tenants (was alpha + beta)')!;
    expect(t.pairs.map((p) => [p.src.id, p.dst.id, p.opened, p.closed])).toEqual([['alpha/api[Deployment]', 'beta/api[Deployment]', { protocols: { TCP: [[8080, 8080]] } }, null]]);
    expect(out.json.targets.find((x) => x.name === 'platform')!.pairs).toEqual([]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout.split('\n')[0]).toBe('tenants (was alpha + beta): 1 path opened; 1 new finding; platform: no change.');
  });
});

describe('a target split into several, each file edited', () => {
  it('is compared as one with the targets it became: no change, with or without another deployment of its policies', async () => {
    for (const [base, head] of [[side('merged'), side('apart')], [await withoutPlatform(side('merged')), await withoutPlatform(side('apart'))]]) {
      const out = await diff(base, head);
      expect(out.json.targets.filter((t) => t.name !== 'platform').map((t) => [t.name, t.pairs.length])).toEqual([['alpha + beta (was tenants)', 0]]);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toContain("Base's target tenants is taken as the same deployment as head's alpha and beta (its policies moved there)");
    }
  });
});

describe('objectGroups (the rule)', () => {
  const to = (...ms: string[]) => new Set(ms);
  it('groups lone models linked by moved objects, many to many', () => {
    expect(objectGroups(['a', 'b', 'c'], ['t'], new Map([['a', to('t')], ['b', to('t')], ['t', to('a', 'b')]]))).toEqual([{ olds: ['a', 'b'], news: ['t'] }]);
    expect(objectGroups(['t'], ['a', 'b'], new Map([['t', to('a', 'b')]]))).toEqual([{ olds: ['t'], news: ['a', 'b'] }]);
    expect(objectGroups(['a', 'b'], ['x', 'y'], new Map([['a', to('x')], ['b', to('y')]]))).toEqual([
      { olds: ['a'], news: ['x'] },
      { olds: ['b'], news: ['y'] },
    ]);
  });

  it('links no model whose objects also went to a model outside the lone ones of the other side', () => {
    expect(objectGroups(['a'], ['t'], new Map([['a', to('t', 'kept')]]))).toEqual([]);
    expect(objectGroups(['a', 'b'], ['t'], new Map([['a', to('b')]]))).toEqual([]);
    expect(objectGroups(['a'], ['t'], new Map([['a', to()]]))).toEqual([]);
  });
});
