/**
 * A configuration value one or two edits from an allowed one is named, as unknown keys and the CLI's flags
 * are (`findings.severity: {PERMISIVE_RULE: error}` listed fourteen codes and no hint: new-user trial 36).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/git.js';

test('a misspelt finding code and severity get a did-you-mean, at their lines', async () => {
  const dir = await tempDir('reachdiff-near-values-');
  const config = join(dir, 'reachdiff.yml');
  await writeFile(config, 'findings:\n  severity:\n    PERMISIVE_RULE: error\n    CROSS_NAMESPACE_PATH: warnin\n  failLevel: eror\n');
  const out = await main(['lint', join(process.cwd(), 'test', 'fixtures', 'selector-typos'), '--config', config]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toContain(`${config}:3: findings.severity.PERMISIVE_RULE: must be one of `);
  expect(out.stderr).toContain('(got "PERMISIVE_RULE") (did you mean PERMISSIVE_RULE?)');
  expect(out.stderr).toContain(`${config}:4: findings.severity.CROSS_NAMESPACE_PATH: must be one of error, warning, notice (got "warnin") (did you mean warning?)`);
  expect(out.stderr).toMatch(/reachdiff\.yml:5: findings\.failLevel: must be one of [^\n]*\(got "eror"\) \(did you mean error\?\)/);
});

test('a value that begins exactly one allowed value names it, however many letters it lacks', async () => {
  const dir = await tempDir('reachdiff-near-values-');
  const config = join(dir, 'reachdiff.yml');
  await writeFile(config, 'findings:\n  severity:\n    CROSS_NAMESPACE_PATH: warn\n');
  const fixture = join(process.cwd(), 'test', 'fixtures', 'selector-typos');
  const fromConfig = await main(['lint', fixture, '--config', config]);
  expect(fromConfig.stderr).toContain('(got "warn") (did you mean warning?)');
  // "li" is too short to name one (it begins list and lint alike).
  expect((await main(['li', fixture])).stderr).not.toContain('did you mean');
});
