/**
 * `diff --format md` is the PR comment's body (README, "Output formats"), so a CI job that posts it stays
 * under GitHub's 65,536-character limit on comment bodies (fresh-user 27: 477 KB for kubeflow/pipelines
 * 9a337a9874): rows are left out with a note naming the formats that keep every path.
 */
import { rm } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { COMMENT_MAX_CHARS } from '../../src/report/pr-report.js';
import { tempFolder } from '../helpers/git.js';
import { services, withoutDefaultDeny } from '../github/support/generated-repo.js';

let base: string;
let head: string;
beforeAll(async () => {
  base = await tempFolder(Object.fromEntries(services(40)), 'reachdiff-mdlimit-base-');
  head = await tempFolder(Object.fromEntries(withoutDefaultDeny(40)), 'reachdiff-mdlimit-head-');
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
  await rm(head, { recursive: true, force: true });
});

test('a report longer than the comment limit is cut as the comment is, with where to read the rest', async () => {
  const md = await main(['diff', base, head, '--format', 'md']);
  expect(md.exitCode).toBe(1);
  expect(md.stdout.length).toBeLessThanOrEqual(COMMENT_MAX_CHARS);
  expect(md.stdout).toMatch(/^### 🔓 reachdiff: 1763 paths opened/);
  expect(md.stdout).toMatch(/> ⚠️ Truncated: \d+ paths are not shown to stay under the size limit\. See the same command with `--format text` \(every path\) or `--format json`\./);
  // Text keeps every path.
  const text = await main(['diff', base, head]);
  expect(text.stdout.length).toBeGreaterThan(COMMENT_MAX_CHARS);
  expect(text.stdout).not.toContain('Truncated');
});

test('a report that fits is the whole report, without a note', async () => {
  const md = await main(['diff', base, base, '--format', 'md']);
  expect(md.stdout).not.toContain('Truncated');
  expect(md.exitCode).toBe(0);
});
