#!/usr/bin/env node
import { once } from 'node:events';
import { main } from './cli/main.js';

const out = await main(process.argv.slice(2), { stream: true });
process.stdout.write(out.stdout);
// Large outputs arrive in chunks: write each as it comes, waiting when the pipe is full.
try {
  for (const chunk of out.chunks ?? []) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  process.stderr.write(out.stderr);
  process.exitCode = out.exitCode;
} catch (e) {
  // Chunks are produced as they are written: a failure there is said as main() says its own.
  process.stderr.write(out.stderr + `reachdiff: internal error: ${(e as Error).message}\n`);
  process.exitCode = 2;
}
