/**
 * Every problem of a configuration file is named at its line, as compilers print them, also where the
 * parsers give none (found by the bad-input property, test/property/bad-input.test.ts, with exit 2 naming
 * no line): a second YAML document (js-yaml's error has no position), a file that is no mapping
 * (`(root)`), and a key the `yaml` package does not see where js-yaml does (a lone carriage return, a line
 * break to js-yaml, which the key locator then finds by its text).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { problemLine } from '../../src/util/config-lines.js';
import { tempFolder } from '../helpers/git.js';

const APP = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  template:\n    metadata:\n      labels: {app: api}\n';
const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

it.each([
  ['a second document', '# settings\nrollback: off\n---\nfailOn: opened\n', /reachdiff\.yml:3: cannot parse: expected a single document in the stream, but found more\n$/],
  ['a second document after a leading separator', '---\nrollback: off\n---\n', /reachdiff\.yml:3: cannot parse: expected a single document/],
  ['no mapping', '# settings\njust a string\n', /reachdiff\.yml:2: \(root\): must be a mapping of keys to values\n$/],
  ['a key after a lone carriage return', 'rollback: off\rbogus: 1\n', /reachdiff\.yml:2: bogus: unknown key/],
])('%s: exit 2 at the line', async (_name, config, message) => {
  const root = await tempFolder({ '.github/reachdiff.yml': config, 'app.yaml': APP }, 'reachdiff-config-lines-');
  temps.push(root);
  const out = await main(['list', root]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toMatch(message);
  expect(out.stderr).toContain(join(root, '.github/reachdiff.yml'));
});

it('problemLine: (root) is the first line written; exact (the App) still finds only what the yaml package sees', () => {
  expect(problemLine('\n# c\nx\n', '(root)')).toBe(3);
  expect(problemLine('a: 1\rbogus: 2\n', 'bogus')).toBe(2);
  expect(problemLine('a: 1\rbogus: 2\n', 'bogus', true)).toBeUndefined();
});

it('a bad value of a mapping entry whose key has dots (a CIDR, a label key) is named at the entry, not at the mapping', async () => {
  const config = 'externalNames:\n  "10.0.0.0/8": corporate\n  192.168.0.0/16: 3\nfindings:\n  dns:\n    podLabels:\n      app.kubernetes.io/name: [dns]\n';
  const root = await tempFolder({ '.github/reachdiff.yml': config, 'app.yaml': APP }, 'reachdiff-config-lines-');
  temps.push(root);
  const out = await main(['list', root]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain('reachdiff.yml:3: externalNames["192.168.0.0/16"]: must be text (got 3): externalNames maps CIDRs to names, e.g. "10.0.0.0/8": corporate network\n');
  expect(out.stderr).toContain('reachdiff.yml:7: findings.dns.podLabels["app.kubernetes.io/name"]: must be text (got ["dns"]): findings.dns.podLabels maps label keys to values, e.g. k8s-app: kube-dns\n');
  // The App's files (exact) find it too.
  expect(problemLine(config, 'externalNames["192.168.0.0/16"]', true)).toBe(3);
});
