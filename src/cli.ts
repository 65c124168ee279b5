#!/usr/bin/env node
import { main } from './cli/main.js';

const out = await main(process.argv.slice(2));
process.stdout.write(out.stdout);
process.stderr.write(out.stderr);
process.exitCode = out.exitCode;
