/**
 * One way to run a program and collect what it writes (node:child_process `spawn`, no shell), for git, the
 * render commands and kubectl, which each collected both outputs the same way.
 */
import { spawn } from 'node:child_process';

/** How a run ended: its exit status (null: ended by a signal, or never started), both outputs whole, and `error` when it could not start. */
export interface ProcessOutput {
  readonly status: number | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** The 'error' event's (not found, not executable): the run settles on it, with empty outputs. */
  readonly error?: Error;
}

export interface ProcessOptions {
  readonly cwd?: string;
  /** The environment; the parent's when absent. */
  readonly env?: NodeJS.ProcessEnv;
  /** Its standard input: none (`'ignore'`, the default), or a pipe given these bytes (`'closed'`: none) and then closed. */
  readonly stdin?: 'ignore' | 'closed' | Buffer;
}

/** Runs `command` with `args`; never rejects (a failure to start is `error`, a failing run its `status`). */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions = {}): Promise<ProcessOutput> {
  const stdin = options.stdin ?? 'ignore';
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    // Both piped (stdio above), which the types cannot tell from a computed stdio list.
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => resolve({ status: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), error }));
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
    if (stdin !== 'ignore') child.stdin!.end(stdin === 'closed' ? undefined : stdin);
  });
}
