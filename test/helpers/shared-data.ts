/**
 * The conformance data lives outside the repository (`../shared/conformance`, beside the checkout). A
 * fresh clone has no such folder: its suites skip with one printed line saying where they looked. CI
 * sets REACHDIFF_REQUIRE_SHARED=1, and there a missing folder fails the suite instead.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const REQUIRE_SHARED_ENV = 'REACHDIFF_REQUIRE_SHARED';

/** Where a conformance data set is looked for: `<repo>/../shared/conformance/<name>`. */
export function sharedConformancePath(name: string, cwd = process.cwd()): string {
  return resolve(cwd, '..', 'shared', 'conformance', name);
}

/**
 * The folder of a conformance data set, or `undefined` (after printing one line) when it is missing.
 * Throws when it is missing and REACHDIFF_REQUIRE_SHARED=1, so the suite fails.
 */
export function sharedConformance(name: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const dir = sharedConformancePath(name, cwd);
  if (existsSync(dir)) return dir;
  if (env[REQUIRE_SHARED_ENV] === '1') throw new Error(`conformance data "${name}" not found at ${dir} (${REQUIRE_SHARED_ENV}=1 makes this a failure)`);
  // One line, written directly: jest's console adds a stack trace to every console.log.
  process.stdout.write(`skipped: conformance data "${name}" not found at ${dir}\n`);
  return undefined;
}

/**
 * A design document of `../shared/design/` (the team's copy of record), or `undefined` when there is none
 * beside the checkout; with REACHDIFF_REQUIRE_SHARED=1 a missing one throws, as for conformance data.
 */
export function sharedDesign(name: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const file = resolve(cwd, '..', 'shared', 'design', name);
  if (existsSync(file)) return file;
  if (env[REQUIRE_SHARED_ENV] === '1') throw new Error(`design document "${name}" not found at ${file} (${REQUIRE_SHARED_ENV}=1 makes this a failure)`);
  process.stdout.write(`skipped: design document "${name}" not found at ${file}\n`);
  return undefined;
}

/** `describe` when the data set exists, `describe.skip` otherwise. */
export function describeWithShared(dir: string | undefined): jest.Describe {
  return dir === undefined ? describe.skip : describe;
}
