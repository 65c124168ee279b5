/**
 * A fresh clone stands alone: cloned into a temporary folder with no `../shared` beside it, the suites
 * that read the shared conformance data skip with one line saying where they looked, and pass. With
 * REACHDIFF_REQUIRE_SHARED=1 (as .ci/run sets it) the same missing data is a failure.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../helpers/git.js';
import { REQUIRE_SHARED_ENV, sharedConformance, sharedConformancePath } from '../helpers/shared-data.js';

const REPO = process.cwd();

/** Test files that read the shared conformance data (they go through helpers/shared-data). */
function sharedSuites(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(REPO, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.name.endsWith('.test.ts') && readFileSync(join(REPO, rel), 'utf8').includes('sharedConformance(')) out.push(rel);
    }
  };
  walk('test');
  return out.filter((f) => !f.includes('fresh-clone'));
}

describe('a fresh clone without ../shared', () => {
  let root: string;
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('no test reads ../shared except through helpers/shared-data', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(join(REPO, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (/\.ts$/.test(e.name) && !rel.endsWith('shared-data.ts') && !rel.includes('fresh-clone') && /'shared'|\.\.\/shared/.test(readFileSync(join(REPO, rel), 'utf8'))) offenders.push(rel);
      }
    };
    walk('test');
    expect(offenders).toEqual([]);
  });

  it('skips the conformance suites with one line each and passes', async () => {
    const suites = sharedSuites();
    expect(suites.length).toBeGreaterThanOrEqual(2);
    root = await tempDir('reachdiff-clone-');
    const clone = join(root, 'reachdiff');
    // CI may check out a detached commit: git's detached-HEAD advice on stderr is not a failure.
    const git = spawnSync('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', '--no-hardlinks', REPO, clone], { encoding: 'utf8' });
    expect({ status: git.status, stderr: git.status === 0 ? '' : git.stderr }).toEqual({ status: 0, stderr: '' });
    symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const env = { ...process.env };
    delete env[REQUIRE_SHARED_ENV];
    const run = spawnSync('npm', ['test', '--silent', '--', ...suites, '--maxWorkers=1'], { cwd: clone, env, encoding: 'utf8' });
    const output = run.stdout + run.stderr;
    expect({ status: run.status, output: run.status === 0 ? '' : output }).toEqual({ status: 0, output: '' });
    const looked = join(root, 'shared', 'conformance');
    const lines = output.split('\n').filter((l) => l.startsWith('skipped: conformance data'));
    expect(lines.length).toBeGreaterThanOrEqual(suites.length);
    for (const l of lines) expect(l).toContain(looked);
    expect(output).toMatch(/skipped/);
  }, 240_000);

  it('REACHDIFF_REQUIRE_SHARED=1 turns missing data into a failure', async () => {
    const dir = await tempDir('reachdiff-noshared-');
    const cwd = join(dir, 'repo');
    expect(() => sharedConformance('npguard', { [REQUIRE_SHARED_ENV]: '1' }, cwd)).toThrow(sharedConformancePath('npguard', cwd));
    await rm(dir, { recursive: true, force: true });
  });

  it('.ci/run sets REACHDIFF_REQUIRE_SHARED=1', () => {
    expect(readFileSync(join(REPO, '.ci', 'run'), 'utf8')).toMatch(/^export REACHDIFF_REQUIRE_SHARED=1$/m);
  });
});
