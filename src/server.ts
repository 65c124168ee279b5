/**
 * `npm start`: the same app as a Probot Node server, analysing in-process. Probot reads its usual
 * environment: APP_ID, PRIVATE_KEY (or PRIVATE_KEY_PATH), WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH,
 * GHE_HOST / GHE_PROTOCOL, LOG_LEVEL, WEBHOOK_PROXY_URL. Credentials it would take wrongly (no webhook
 * secret, a key that is not one) and a server that cannot start (port in use) end it with one line
 * each and exit 1, not a stack trace (runtime/app-credentials.ts).
 */
import { run } from 'probot';
import { reachdiffApp } from './github/app.js';
import { ReachdiffOctokit } from './github/octokit.js';
import { serverStartProblems } from './runtime/app-credentials.js';
import { tuneTierUp } from './runtime/tier-up.js';

tuneTierUp();

const problems = serverStartProblems(process.env, process.cwd());
for (const problem of problems) console.error(`reachdiff: ${problem}`);
if (problems.length > 0) process.exit(1);

try {
  await run(reachdiffApp(), { Octokit: ReachdiffOctokit });
} catch (error) {
  console.error(`reachdiff: the server did not start: ${(error as Error).message}`);
  process.exit(1);
}
