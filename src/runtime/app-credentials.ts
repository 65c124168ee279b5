/**
 * The App's credentials checked before Probot starts, because Probot itself does not refuse the mistakes
 * that matter here: without `WEBHOOK_SECRET` it verifies deliveries against its public default secret
 * (`"development"`, probot/lib/server/server.js), so anyone could send the App events; with an `APP_ID`
 * that is not a number, or a `PRIVATE_KEY` that is not a PEM, it prints a stack trace and serves its
 * "register a new App" setup page as if nothing were set (probot/lib/run.js, @probot/get-private-key).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** Whether `env` sets none of the three: Probot's setup mode, where the Node server registers the App. */
export function isSetupMode(env: NodeJS.ProcessEnv): boolean {
  return !env.APP_ID && !env.PRIVATE_KEY && !env.PRIVATE_KEY_PATH;
}

/**
 * What is wrong with the App's credentials in `env` (`APP_ID`, `PRIVATE_KEY` or `PRIVATE_KEY_PATH`,
 * `WEBHOOK_SECRET`, as Probot reads them), one sentence each naming the variable; empty when they are
 * usable. `folder.exists` says whether a `PRIVATE_KEY_PATH` names a file and `folder.pemFiles` lists the
 * `.pem` files Probot takes the key from when neither variable is set (one only), both in the working
 * directory, as Probot resolves them. The key's text is checked as Probot accepts it: a PEM private key,
 * its line breaks written `\n` or not, or that PEM base64-encoded on one line. Throws nothing.
 */
export function appCredentialProblems(env: NodeJS.ProcessEnv, folder: KeyFolder): string[] {
  const problems: string[] = [];
  const appId = env.APP_ID ?? '';
  if (!/^[1-9][0-9]*$/.test(appId.trim())) {
    problems.push(appId === '' ? 'APP_ID is not set: give the App\'s number (its settings, "App ID")' : `APP_ID is ${JSON.stringify(appId)}: the App's number (its settings, "App ID") is a whole number`);
  }
  if (env.PRIVATE_KEY) {
    if (!isPrivateKeyText(env.PRIVATE_KEY)) problems.push('PRIVATE_KEY is not a PEM private key (-----BEGIN … PRIVATE KEY-----), nor one base64-encoded: copy the whole .pem file GitHub downloaded, or give its path in PRIVATE_KEY_PATH');
  } else if (!env.PRIVATE_KEY_PATH) {
    const pems = folder.pemFiles();
    if (pems.length === 0) problems.push('neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set: give the App\'s private key (the .pem file GitHub downloaded) or its path');
    if (pems.length > 1) problems.push(`neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set, and the folder holds ${pems.length} .pem files (${pems.join(', ')}): give the App's in PRIVATE_KEY_PATH`);
  } else if (!folder.exists(env.PRIVATE_KEY_PATH)) {
    problems.push(`PRIVATE_KEY_PATH names no file: ${env.PRIVATE_KEY_PATH}`);
  }
  if (!env.WEBHOOK_SECRET) {
    problems.push('WEBHOOK_SECRET is not set: without it Probot checks deliveries against its public default secret, so anyone could send the App events; give the webhook secret of the App\'s settings');
  }
  return problems;
}

/** Where Probot looks for the key file: whether a path names a file, and the `.pem` files of the folder. */
export interface KeyFolder {
  readonly exists: (path: string) => boolean;
  readonly pemFiles: () => readonly string[];
}

function isPrivateKeyText(text: string): boolean {
  const pem = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
  return pem.test(text) || pem.test(Buffer.from(text, 'base64').toString('utf8'));
}

/**
 * `env` with the variables of `dir/.env` over it, as Probot's `run` applies that file (its values win);
 * `env` itself when there is no such file. Throws the read or parse error of a file that exists.
 */
export function withDotEnv(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw error;
  }
  return { ...env, ...parseEnv(text) };
}

/**
 * Why the Node server (`npm start`) must not start in `dir` under `env`, one sentence each; empty when it
 * may: credentials that are usable (appCredentialProblems, after `dir/.env`), or none at all outside
 * production (Probot's setup mode, where the App is registered). A `.env` that cannot be read is one.
 */
export function serverStartProblems(env: NodeJS.ProcessEnv, dir: string): string[] {
  let effective: NodeJS.ProcessEnv;
  try {
    effective = withDotEnv(env, dir);
  } catch (error) {
    return [`${join(dir, '.env')}: cannot read: ${(error as Error).message}`];
  }
  if (isSetupMode(effective) && effective.NODE_ENV !== 'production') return [];
  return appCredentialProblems(effective, { exists: (path) => existsSync(resolve(dir, path)), pemFiles: () => readdirSync(dir).filter((f) => f.endsWith('.pem')).sort() });
}
