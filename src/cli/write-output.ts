import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Output } from './list-command.js';

/** A reader that stops early (`reachdiff list | head`) closes the pipe: not a failure of ours. */
const closedPipe = (e: unknown): boolean => (e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';

/**
 * Writes a command's output: `stdout`, then each of `chunks` as it is produced (waiting for 'drain'
 * when the pipe is full), then `stderr`. Resolves to the process exit code: the command's own, also
 * when the reader closed the pipe early (EPIPE: the verdict is known, the rest is not wanted); 2 when
 * writing fails otherwise or producing a chunk throws, with one `reachdiff:` line on `err` and never a
 * stack trace.
 */
export async function writeOutput(out: Output, stdout: Writable, err: Writable): Promise<number> {
  let failure: unknown;
  // Without a listener a write to a closed pipe is an uncaught 'error' event: a stack trace.
  const onError = (e: unknown): void => { failure ??= e; };
  stdout.on('error', onError);
  try {
    if (out.stderrFirst) err.write(out.stderrFirst);
    stdout.write(out.stdout);
    for (const chunk of out.chunks ?? []) {
      if (failure !== undefined) break;
      if (!stdout.write(chunk)) await Promise.race([once(stdout, 'drain'), once(stdout, 'close')]);
    }
    // A failed write's error event comes a turn after the write.
    await new Promise((resolve) => setImmediate(resolve));
  } catch (e) {
    failure ??= e;
  }
  err.write(out.stderr);
  if (failure === undefined || closedPipe(failure)) return out.exitCode;
  // Chunks are produced as they are written: a failure there is said as main() says its own.
  err.write(`reachdiff: internal error: ${(failure as Error).message}\n`);
  return 2;
}
