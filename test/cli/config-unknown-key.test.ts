/**
 * An unknown key in the configuration file is named with the nearest known key, as an unknown CLI option
 * is (`failon:` → "did you mean failOn?"), at the top level, in sections and in targets; a key near
 * none gets no guess. Exit 2, as every configuration error.
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { validateConfig } from '../../src/github/config.js';
import { tempFolder } from '../helpers/git.js';

const problems = (raw: unknown) => {
  const r = validateConfig(raw);
  return r.ok ? [] : r.problems.map((p) => `${p.key}: ${p.message}`);
};

it.each([
  [{ failon: 'never' }, 'failon: unknown key, did you mean failOn? (known: '],
  [{ findings: { failLevl: 'warning' } }, 'findings.failLevl: unknown key, did you mean failLevel? (known: '],
  [{ comment: { enable: false } }, 'comment.enable: unknown key, did you mean enabled? (known: enabled, postWhenUnchanged)'],
  [{ targets: [{ name: 'x', root: ['k8s'] }] }, 'targets[0].root: unknown key, did you mean roots? (known: '],
  [{ zzzzzz: 1 }, 'zzzzzz: unknown key (known: '],
])('%j: %s', (raw, message) => {
  expect(problems(raw)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
});

it.each([
  [{ failOn: 'opend' }, 'failOn: must be one of opened, closed, any, never, errors, combined-labels, or a list of them (got "opend") (did you mean opened?)'],
  [{ failOn: ['opened', 'erors'] }, 'failOn: must be one of opened, closed, any, never, errors, combined-labels, or a list of them (got ["opened","erors"]) (did you mean errors?)'],
  [{ failOn: 'sometimes' }, 'failOn: must be one of opened, closed, any, never, errors, combined-labels, or a list of them (got "sometimes")'],
])('a failOn value near a known one is named, as --fail-on names it: %j', (raw, message) => {
  expect(problems(raw)).toEqual([message]);
});

it('the CLI names the file, exit 2', async () => {
  const dir = await tempFolder({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n' });
  const config = join(await tempFolder({}), 'reachdiff.yml');
  await writeFile(config, '# settings\nfailon: never\n');
  const out = await main(['diff', dir, dir, '--config', config]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain(`${config} is not valid:\n  ${config}:2: failon: unknown key, did you mean failOn? (known: `);
});

it('each problem is at its key\'s line, nested keys and list items too (fresh-user trial P17: a bad severity said no line)', async () => {
  const dir = await tempFolder({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n' });
  const config = join(await tempFolder({}), 'reachdiff.yml');
  await writeFile(config, 'failOn: [closed]\nfindings:\n  crossNamespace:\n    - {from: monitoring, to: "*"}\n  severity:\n    CROSS_NAMESPACE_PATH: warnin\ntargets:\n  - name: web\n    roots: [k8s]\n    namespce: web\n');
  const out = await main(['diff', dir, dir, '--config', config]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain(`\n  ${config}:6: findings.severity.CROSS_NAMESPACE_PATH: must be one of error, warning, notice (got "warnin")`);
  expect(out.stderr).toContain(`\n  ${config}:10: targets[0].namespce: unknown key, did you mean namespace?`);
});
