import { chmod, cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './git.js';

/**
 * Runs `run` with a stand-in `helm` first on the PATH (helm is not installed where the tests run): it logs its
 * arguments and runs `render.sh` of the folder it is called in (the side's root), which plays `helm template`.
 * Returns what `run` returned and the logged calls; PATH restored after.
 */
export async function withStandInHelm<T>(run: () => Promise<T>): Promise<{ value: T; calls: string[] }> {
  const bin = await tempDir('reachdiff-helm-');
  const log = join(bin, 'calls.log');
  await writeFile(join(bin, 'helm'), `#!/bin/sh\n[ "$1" = template ] || exit 3\necho "$*" >> ${log}\nexec sh ./render.sh "$@"\n`);
  await chmod(join(bin, 'helm'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    const value = await run();
    const calls = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    return { value, calls };
  } finally {
    process.env.PATH = path;
  }
}

/** A copy of fixture folder `from` in a new temporary folder, with `edits` (path → [search, replacement]) made to its files. */
export async function editedCopy(from: string, edits: Readonly<Record<string, readonly [string, string]>> = {}): Promise<string> {
  const dir = join(await tempDir('reachdiff-fixture-'), 'side');
  await cp(from, dir, { recursive: true });
  for (const [path, [search, replacement]] of Object.entries(edits)) {
    const text = await readFile(join(dir, path), 'utf8');
    if (!text.includes(search)) throw new Error(`${path}: no ${search}`);
    await writeFile(join(dir, path), text.replace(search, replacement));
  }
  return dir;
}
