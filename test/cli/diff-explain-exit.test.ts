/**
 * `diff --explain` exits as `diff` does, over the asked traffic only: 1 when the change does to it what
 * `--fail-on` (else the configuration's `failOn`, default opened) names, else 0. Before, it always exited
 * 0 and `--fail-on` was "has no effect on diff --explain (ignored)".
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n';
const db = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: postgres, namespace: db}\nspec:\n  selector: {matchLabels: {app: postgres}}\n  template:\n    metadata: {labels: {app: postgres}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 5432}]}]}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

describe('diff --explain exit code', () => {
  let locked: string;
  let open: string;
  beforeAll(async () => {
    locked = await tempFolder({ 'ns.yaml': ns, 'db.yaml': db, 'deny.yaml': deny });
    open = await tempFolder({ 'ns.yaml': ns, 'db.yaml': db });
  });
  const explain = (base: string, head: string, ...more: string[]) => main(['diff', base, head, '--explain', '10.0.0.1', 'db/postgres', '--port', '5432', ...more]);

  it.each([
    ['opens', 'default', [], 1],
    ['opens', 'closed', ['--fail-on', 'closed'], 0],
    ['opens', 'any', ['--fail-on', 'any'], 1],
    ['opens', 'never', ['--fail-on', 'never'], 0],
    ['closes', 'default', [], 0],
    ['closes', 'closed', ['--fail-on', 'closed'], 1],
    ['closes', 'opened,closed', ['--fail-on', 'opened,closed'], 1],
  ] as const)('a change that %s the asked traffic, --fail-on %s: exit %d', async (what, _policy, flags, code) => {
    const out = what === 'opens' ? await explain(locked, open, ...flags) : await explain(open, locked, ...flags);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(`10.0.0.1/32 => db/postgres[Deployment]: the change ${what} TCP 5432`);
    expect(out.exitCode).toBe(code);
  });

  it('traffic the change leaves alone exits 0, whatever else it opens', async () => {
    const out = await main(['diff', locked, open, '--explain', 'db/postgres', '10.0.0.1', '--fail-on', 'any']);
    expect(out.stdout).toContain('db/postgres[Deployment] => 10.0.0.1/32: no change');
    expect(out.exitCode).toBe(0);
  });

  it("the configuration's failOn applies when --fail-on is not given", async () => {
    const config = join(await tempFolder({}), 'reachdiff.yml');
    await writeFile(config, 'failOn: closed\n');
    expect((await explain(locked, open, '--config', config)).exitCode).toBe(0);
    expect((await explain(open, locked, '--config', config)).exitCode).toBe(1);
  });
});
