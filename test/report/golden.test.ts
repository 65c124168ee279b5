/** The human formats of the example diff, pinned as golden files (rewrite with UPDATE_GOLDEN=1). */
import { join } from 'node:path';
import { goldenIn } from '../helpers/golden-file.js';
import { main } from '../../src/cli/main.js';

const golden = goldenIn(join(process.cwd(), 'test', 'report', 'golden'));
const EX = join(process.cwd(), 'examples');

describe('golden outputs of the example', () => {
  it.each(['text', 'md', 'json'])('diff --format %s', async (format) => {
    const out = await main(['diff', join(EX, 'base'), join(EX, 'head'), '--format', format]);
    expect(out.exitCode).toBe(1);
    golden(`example-diff.${format === 'md' ? 'md' : format === 'json' ? 'json' : 'txt'}`, out.stdout);
  });

  it.each(['text', 'md'])('list --format %s', async (format) => {
    const out = await main(['list', join(EX, 'base'), '--format', format]);
    expect(out.exitCode).toBe(0);
    golden(`example-list.${format === 'md' ? 'md' : 'txt'}`, out.stdout);
  });
});
