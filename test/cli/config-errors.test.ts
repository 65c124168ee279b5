/**
 * Errors in the configuration file are exit 2 with file:line (fresh-user trial 18, P1 and P2): a YAML
 * syntax error names its line and column, and a configured target whose roots match nothing on either
 * side is a configuration error, never an empty target that turns a failing diff into a pass. A root
 * missing on one side only (a folder the change adds or removes) stays a notice.
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n';
const db = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: postgres, namespace: db}\nspec:\n  selector: {matchLabels: {app: postgres}}\n  template:\n    metadata: {labels: {app: postgres}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 5432}]}]}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

/** Base denies all ingress to db; head drops the deny (the change opens db/postgres). */
async function sides(folder = 'k8s', headFolder = folder): Promise<[string, string]> {
  const base = await tempFolder({ [`${folder}/ns.yaml`]: ns, [`${folder}/db.yaml`]: db, [`${folder}/deny.yaml`]: deny });
  const head = await tempFolder({ [`${headFolder}/ns.yaml`]: ns, [`${headFolder}/db.yaml`]: db });
  return [base, head];
}

async function config(text: string): Promise<string> {
  const file = join(await tempFolder({}), 'reachdiff.yml');
  await writeFile(file, text);
  return file;
}

describe('a configured target whose roots match nothing', () => {
  it('is a configuration error (exit 2) naming the file, the line of its roots, the target and the root', async () => {
    const [base, head] = await sides();
    expect((await main(['diff', base, head])).exitCode).toBe(1);
    const cfg = await config('# targets\ntargets:\n  - name: x\n    roots: [nope/]\n');
    const out = await main(['diff', base, head, '--config', cfg]);
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`reachdiff: ${cfg}:4: targets[0].roots: target "x": root "nope/" matches no file or folder in base or head`);
  });

  it('a scalar root names the line of its entry; every unmatched target is named', async () => {
    const [base, head] = await sides();
    const cfg = await config('targets:\n  - name: good\n    roots: k8s\n  - name: x\n    roots: nope\n  - name: y\n    roots: [a/*, b]\n');
    const out = await main(['diff', base, head, '--config', cfg]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(`${cfg}:4: targets[1].roots: target "x": root "nope" matches`);
    expect(out.stderr).toContain(`${cfg}:7: targets[2].roots: target "y": roots "a/*", "b" match no file`);
    expect(out.stderr).not.toContain('"good"');
  });

  it('in list, lint and explain (one side) too', async () => {
    const [base] = await sides();
    const cfg = await config('targets:\n  - name: x\n    roots: [nope/]\n');
    for (const args of [['list', base], ['lint', base], ['explain', base, '--from', 'db/postgres', '--to', 'db/postgres']]) {
      const out = await main([...args, '--config', cfg]);
      expect([args[0], out.exitCode]).toEqual([args[0], 2]);
      expect(out.stderr).toContain(`${cfg}:3: targets[0].roots: target "x": root "nope/" matches no file or folder in what is read`);
    }
  });

  it('a root found on one side only (a folder the change adds or removes) stays a notice', async () => {
    const [base, head] = await sides('old', 'new');
    const cfg = await config('targets:\n  - name: x\n    roots: [old, new]\n');
    const out = await main(['diff', base, head, '--config', cfg, '--format', 'json', '--fail-on', 'never']);
    expect(out.exitCode).toBe(0);
    const json = JSON.parse(out.stdout) as { notices: { code: string; message: string }[] };
    // Each note names the side that lacks its root.
    expect(json.notices.filter((n) => n.code === 'MISSING_ROOT').map((n) => n.message).sort()).toEqual(['x: root new matches nothing on base; this change adds it', 'x: root old matches nothing on head; this change removes it']);
  });

  it('a root that exists but --path leaves out is no error (a narrowed run)', async () => {
    const [base, head] = await sides();
    const other = { 'other/ns.yaml': ns.replace(/db/g, 'other') };
    await Promise.all([base, head].map((d) => writeFile(join(d, 'other.yaml'), other['other/ns.yaml'])));
    const cfg = await config('targets:\n  - name: x\n    roots: [k8s]\n');
    const out = await main(['diff', base, head, '--config', cfg, '--path', 'other.yaml']);
    expect(out.exitCode).not.toBe(2);
  });
});

describe('a configuration file that is not YAML', () => {
  it('names the line and column of the syntax error, as file:line:column', async () => {
    const [base, head] = await sides();
    const cfg = await config('findings:\n  disable: [UNPROTECTED_WORKLOAD\n');
    const out = await main(['diff', base, head, '--config', cfg]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`reachdiff: ${cfg}:3:1: cannot parse: unexpected end of the stream within a flow collection\n`);
  });
});
