#!/usr/bin/env node
/** The GitHub Action's entry point (`action.yml` runs `node dist/action.js`). */
import { runAction } from './github/action-run.js';
import { gitReadsOnce } from './cli/git-source.js';
import { tuneTierUp } from './runtime/tier-up.js';

tuneTierUp();

try {
  // One run: git answers a repeated read once (cli/git-source.ts).
  const result = await gitReadsOnce(() => runAction(process.env));
  for (const line of result.log) console.log(line);
  process.exitCode = result.exitCode;
} catch (error) {
  console.log(`::error::reachdiff: ${(error as Error).message}`);
  process.exitCode = 1;
}
