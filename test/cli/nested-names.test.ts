/**
 * A line naming an abstract end beside its own subset, both with exceptions (test/fixtures/nested-names/, README
 * there; new-user trial 45, c1): `[namespace with {team=backend}]/[all pods] (except …, api/[all pods]) and
 * [namespace with {team=backend}]/[all pods] (except …, api/[pod with {app=orders}])`. Text and Markdown name the
 * larger end once, with what the smaller held today; the JSON keeps every pair (report/covered-ends.ts).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'nested-names');
const args = (format: string) => ['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', format, '--fail-on', 'never'];
const OTHERS = '[namespace with {team=backend} other than api]/[pod with {app=orders}]';
const LARGER = `[namespace with {team=backend}]/[all pods] (except ${OTHERS}, api/[pod with {app=orders}])`;
const SMALLER = `[namespace with {team=backend}]/[all pods] (except ${OTHERS}, api/[all pods])`;

describe('an abstract end beside its own subset, both with exceptions', () => {
  it('text: the larger end once, with the workload it holds today', async () => {
    const out = await main(args('text'));
    expect(out.stderr).toBe('');
    // The rule's one line (abstract-groups.ts abstractRuleLines) after its clause for db/postgres.
    expect(out.stdout).toContain(`; db/[pod with {app=postgres}] now admits ${LARGER} (api/users[Deployment] today) on TCP pg, policies.yaml:25\n`);
    expect(out.stdout).not.toContain(SMALLER);
  });

  it('md: the same line', async () => {
    const out = await main(args('md'));
    const lines = out.stdout.split('\n').filter((l) => l.startsWith('- `db/'));
    expect(lines.filter((l) => l.endsWith(`; \`db/[pod with {app=postgres}]\` now admits \`${LARGER}\` (api/users[Deployment] today) on TCP pg, \`policies.yaml:25\``))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(SMALLER);
  });

  it('json: both pairs', async () => {
    type End = { id: string; except?: { id: string }[] };
    const j = JSON.parse((await main(args('json'))).stdout) as { summary: { opened: number }; pairs: { src: End; dst: End }[] };
    expect(j.summary.opened).toBe(4);
    const toPostgres = j.pairs.filter((p) => p.dst.id === 'db/[pod with {app=postgres}]').map((p) => (p.src.except ? `${p.src.id} (except ${p.src.except.map((e) => e.id).join(', ')})` : p.src.id));
    expect(toPostgres.sort()).toEqual(['[namespace with {team=backend}]/[all pods] (except [namespace with {team=backend,kubernetes.io/metadata.name NotIn (api)}]/[pod with {app=orders}], api/[all pods])', 'api/users[Deployment]']);
  });
});

describe('the picture draws the ends the lines name', () => {
  const OTHERS_PICTURE = '[namespace with {team=backend} other than api]/[pod with {app=orders}]';
  it.each(['md', 'mermaid', 'dot'])('%s: the larger end, with the workload it holds today; not the smaller', async (format) => {
    const out = await main(args(format));
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(`[namespace with {team=backend}]/[all pods] (except ${OTHERS_PICTURE}, api/[pod with {app=orders}]) (api/users today)`);
    expect(out.stdout).not.toContain(`(except ${OTHERS_PICTURE}, api/[all pods])`);
  });
});
