/**
 * The Octokit every handler gets, from Probot (so GHE_HOST, proxies and the app's auth apply). Retry
 * stays on; rate limits are waited out once when the wait is short, and otherwise surface as errors,
 * so the check run can be completed with the reason instead of hanging until the reset.
 */
import { ProbotOctokit } from 'probot';
import type { Context } from 'probot';

export type Octokit = Context['octokit'];

/** Longest rate-limit wait (seconds) worth taking inside one run. */
export const MAX_RATE_LIMIT_WAIT = 60;

interface Limited {
  method: string;
  url: string;
}

interface WithLog {
  log: { warn: (msg: string) => void };
}

export function rateLimitPolicy(maxWait = MAX_RATE_LIMIT_WAIT) {
  const decide = (kind: string) => (retryAfter: number, options: Limited, octokit: WithLog, retryCount: number) => {
    const retry = retryCount < 1 && retryAfter <= maxWait;
    octokit.log.warn(`${kind} rate limit on ${options.method} ${options.url}: ${retry ? `retrying in ${retryAfter} s` : 'giving up'}`);
    return retry;
  };
  return { onRateLimit: decide('primary'), onSecondaryRateLimit: decide('secondary') };
}

/**
 * ProbotOctokit with our rate-limit policy. A function default, because Probot passes its own `throttle`
 * options to every installation Octokit and an object default would be overwritten by them.
 */
export function octokitWith(overrides: { throttle?: object; retry?: object } = {}) {
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(options.throttle as object | undefined), ...rateLimitPolicy(), ...overrides.throttle },
    retry: { ...(options.retry as object | undefined), ...overrides.retry },
  }));
}

export const ReachdiffOctokit = octokitWith();

/** Counts the requests an Octokit makes (REST and GraphQL); including the installation-token request when the token is not cached yet. */
export function countRequests(octokit: Octokit): () => number {
  let count = 0;
  octokit.hook.before('request', () => {
    count += 1;
  });
  return () => count;
}
