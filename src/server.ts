/**
 * `npm start`: the same app as a Probot Node server, analysing in-process. Probot reads its usual
 * environment: APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH,
 * GHE_HOST / GHE_PROTOCOL, LOG_LEVEL, WEBHOOK_PROXY_URL.
 */
import { run } from 'probot';
import { reachdiffApp } from './github/app.js';
import { ReachdiffOctokit } from './github/octokit.js';
import { tuneTierUp } from './runtime/tier-up.js';

tuneTierUp();

await run(reachdiffApp(), { Octokit: ReachdiffOctokit });
