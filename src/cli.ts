#!/usr/bin/env node
import { main } from './cli/main.js';
import { tuneTierUp } from './runtime/tier-up.js';
import { writeOutput } from './cli/write-output.js';

tuneTierUp();
const out = await main(process.argv.slice(2), { stream: true });
process.exitCode = await writeOutput(out, process.stdout, process.stderr);
