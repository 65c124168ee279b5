/**
 * `list` of manifests whose objects name no namespace says once, on stderr, that they are placed in
 * `default`, in the words of `diff`'s note (fresh-user trial 18, P13); not when `--namespace` places them.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const deployment = (name: string, ns?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec: {containers: [{name: c, image: x}]}\n`;

const NOTE = 'note: Objects without a namespace in plain manifests are placed in `default`: nothing names their namespace';
const count = (text: string, part: string) => text.split(part).length - 1;

describe('list: objects without a namespace', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempFolder({ 'a.yaml': deployment('api') + '---\n' + deployment('web'), 'b.yaml': deployment('db', 'data') });
  });

  it('says once that they are placed in default, as diff says it', async () => {
    const listed = await main(['list', dir]);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain('default/api[Deployment]');
    expect(count(listed.stderr, NOTE)).toBe(1);
    const diffed = await main(['diff', dir, dir]);
    expect(diffed.stdout).toContain(NOTE);
  });

  it('says it for JSON too (stderr), and for a single file, naming the file', async () => {
    expect((await main(['list', dir, '--format', 'json'])).stderr).toContain(NOTE);
    expect((await main(['list', join(dir, 'a.yaml')])).stderr).toContain('note: Objects without a namespace in a.yaml are placed in `default`');
  });

  it('says nothing when --namespace places them, or when every object names its namespace', async () => {
    expect((await main(['list', dir, '--namespace', 'shop'])).stderr).not.toContain('Objects without a namespace');
    expect((await main(['list', join(dir, 'a.yaml'), '--namespace', 'shop'])).stderr).not.toContain('Objects without a namespace');
    expect((await main(['list', join(dir, 'b.yaml')])).stderr).not.toContain('Objects without a namespace');
  });
});
