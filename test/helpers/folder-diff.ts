/**
 * `reachdiff diff` of two folders written from file maps (path → text): the JSON report parsed as `T`, the text
 * report, and the head folder (for applying the rollback's patch). Fails the test on anything on stderr.
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from './git.js';

export async function diffFolders<T>(base: Record<string, string>, head: Record<string, string>): Promise<{ json: T; text: string; headDir: string }> {
  const [b, h] = [tempFolderSync(base, 'reachdiff-base-'), tempFolderSync(head, 'reachdiff-head-')];
  const out = await main(['diff', b, h, '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  const text = await main(['diff', b, h, '--fail-on', 'never']);
  return { json: JSON.parse(out.stdout) as T, text: text.stdout, headDir: h };
}
