/**
 * GitHub's REST and GraphQL APIs for one repository and one pull request, answered by nock. Every
 * method registers exactly the interceptors one step of a run needs (each used once, so
 * `nock.pendingMocks()` proves the step happened) and records what was sent.
 */
import nock from 'nock';
import type { Commit } from './git-fixture.js';
import { blobSha, pullFiles, tarball, treeResponse } from './git-fixture.js';

export const API = 'https://api.github.com';
export const OWNER = 'acme';
export const REPO = 'gitops';
export const INSTALLATION = 42;
export const PULL = 7;
export const HTML_URL = `https://github.com/${OWNER}/${REPO}`;

export interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: any;
}

export class FakeGitHub {
  readonly sent: Sent[] = [];
  /** GraphQL blob aliases answered, per query. */
  readonly graphqlBatches: number[] = [];
  readonly api = nock(API);
  readonly base: Commit;
  readonly head: Commit;
  /** The base branch's tip (ahead of the merge base). */
  readonly baseTip = 'b'.repeat(40);

  constructor(base: Commit, head: Commit) {
    this.base = base;
    this.head = head;
  }

  private record(method: string) {
    return (uri: string, body: unknown) => {
      this.sent.push({ method, path: uri, body: typeof body === 'string' && body.startsWith('{') ? JSON.parse(body) : body });
    };
  }

  bodies(method: string, pathPart: string): any[] {
    return this.sent.filter((s) => s.method === method && s.path.includes(pathPart)).map((s) => s.body);
  }

  token(): this {
    this.api.post(`/app/installations/${INSTALLATION}/access_tokens`).reply(201, { token: 'ghs_test', expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: {}, repository_selection: 'all' });
    return this;
  }

  findCheckRun(existing?: { id: number; external_id: string; status: 'queued' | 'in_progress' | 'completed' }, sha = this.head.sha): this {
    this.api
      .get(`/repos/${OWNER}/${REPO}/commits/${sha}/check-runs`)
      .query({ check_name: 'reachdiff', filter: 'latest', per_page: '1' })
      .reply(200, { total_count: existing ? 1 : 0, check_runs: existing ? [{ ...existing, name: 'reachdiff', head_sha: sha }] : [] });
    return this;
  }

  createCheckRun(id = 101): this {
    const rec = this.record('POST');
    this.api.post(`/repos/${OWNER}/${REPO}/check-runs`).reply(201, (uri, body) => (rec(uri, body), { id, name: 'reachdiff' }));
    return this;
  }

  updateCheckRun(id = 101, times = 1, status = 200, reply: object = {}): this {
    const rec = this.record('PATCH');
    this.api
      .patch(`/repos/${OWNER}/${REPO}/check-runs/${id}`)
      .times(times)
      .reply(status, (uri, body) => (rec(uri, body), { id, ...reply }));
    return this;
  }

  /** `.github/reachdiff.yml` in the repo; when absent, Probot looks in the owner's `.github` repo too. */
  config(text?: string): this {
    const path = `/repos/${OWNER}/${REPO}/contents/.github%2Freachdiff.yml`;
    if (text !== undefined) {
      this.api.get(path).reply(200, text, { 'content-type': 'text/plain; charset=utf-8' });
      return this;
    }
    this.api.get(path).reply(404, { message: 'Not Found' });
    this.api.get(`/repos/${OWNER}/.github/contents/.github%2Freachdiff.yml`).reply(404, { message: 'Not Found' });
    return this;
  }

  getPull(headSha = this.head.sha, times = 1): this {
    this.api
      .get(`/repos/${OWNER}/${REPO}/pulls/${PULL}`)
      .times(times)
      .reply(200, () => ({ number: PULL, state: 'open', head: { sha: headSha, ref: 'feature' }, base: { sha: this.baseTip, ref: 'main', repo: { html_url: HTML_URL } } }));
    return this;
  }

  compare(): this {
    this.api
      .get(`/repos/${OWNER}/${REPO}/compare/${this.baseTip}...${this.head.sha}`)
      .query({ per_page: '1' })
      .reply(200, { merge_base_commit: { sha: this.base.sha }, files: [] });
    return this;
  }

  trees(): this {
    for (const c of [this.base, this.head]) {
      this.api.get(`/repos/${OWNER}/${REPO}/git/trees/${c.sha}`).query({ recursive: 'true' }).reply(200, treeResponse(c, [{ path: 'README.md', type: 'blob' }, { path: 'apps', type: 'tree' }]));
    }
    return this;
  }

  /** Answers `object(expression: "<commit>:<path>")` aliases from the commits' files, and `object(expression: "<blob sha>")` for their links. */
  graphql(times = 1, overrides: Record<string, object> = {}): this {
    const texts = new Map<string, string>();
    for (const c of [this.base, this.head]) for (const [path, text] of c.files) texts.set(`${c.sha}:${path}`, text);
    for (const c of [this.base, this.head]) for (const target of c.links?.values() ?? []) texts.set(blobSha(target), target);
    this.api
      .post('/graphql')
      .times(times)
      .reply(200, (_uri, body) => {
        const { variables } = body as { variables: Record<string, string> };
        const repository: Record<string, object | null> = {};
        let n = 0;
        for (const [key, expression] of Object.entries(variables)) {
          if (!/^e\d+$/.test(key)) continue;
          n += 1;
          const text = texts.get(expression);
          repository[`b${key.slice(1)}`] = overrides[expression] ?? (text === undefined ? null : { text, isTruncated: false, isBinary: false });
        }
        this.graphqlBatches.push(n);
        return { data: { repository } };
      });
    return this;
  }

  restBlob(text: string): this {
    this.api.get(`/repos/${OWNER}/${REPO}/git/blobs/${blobSha(text)}`).reply(200, { sha: blobSha(text), encoding: 'base64', content: Buffer.from(text).toString('base64') });
    return this;
  }

  /** The tarball endpoint redirects to codeload, as GitHub's does. */
  tarball(c: Commit): this {
    const location = `https://codeload.github.com/${OWNER}/${REPO}/legacy.tar.gz/${c.sha}`;
    this.api.get(`/repos/${OWNER}/${REPO}/tarball/${c.sha}`).reply(302, '', { location });
    nock('https://codeload.github.com')
      .get(`/${OWNER}/${REPO}/legacy.tar.gz/${c.sha}`)
      .reply(200, tarball(c, `${OWNER}-${REPO}-${c.sha.slice(0, 7)}`), { 'content-type': 'application/x-gzip' });
    return this;
  }

  listComments(existing: { id: number; body: string; user?: { type: string } }[] = []): this {
    this.api
      .get(`/repos/${OWNER}/${REPO}/issues/${PULL}/comments`)
      .query({ per_page: '100' })
      .reply(200, existing.map((c) => ({ user: { type: 'Bot', login: 'reachdiff[bot]' }, html_url: `${HTML_URL}/pull/${PULL}#issuecomment-${c.id}`, ...c })));
    return this;
  }

  createComment(id = 555): this {
    const rec = this.record('POST');
    this.api.post(`/repos/${OWNER}/${REPO}/issues/${PULL}/comments`).reply(201, (uri, body) => (rec(uri, body), { id, html_url: `${HTML_URL}/pull/${PULL}#issuecomment-${id}` }));
    return this;
  }

  updateComment(id: number): this {
    const rec = this.record('PATCH');
    this.api.patch(`/repos/${OWNER}/${REPO}/issues/comments/${id}`).reply(200, (uri, body) => (rec(uri, body), { id, html_url: `${HTML_URL}/pull/${PULL}#issuecomment-${id}` }));
    return this;
  }

  listReviews(existing: object[] = []): this {
    this.api.get(`/repos/${OWNER}/${REPO}/pulls/${PULL}/reviews`).query({ per_page: '100' }).reply(200, existing);
    return this;
  }

  listFiles(): this {
    this.api.get(`/repos/${OWNER}/${REPO}/pulls/${PULL}/files`).query({ per_page: '100' }).reply(200, pullFiles(this.base, this.head));
    return this;
  }

  createReview(status = 200, reply: object = { id: 900 }): this {
    const rec = this.record('POST');
    this.api.post(`/repos/${OWNER}/${REPO}/pulls/${PULL}/reviews`).reply(status, (uri, body) => (rec(uri, body), reply));
    return this;
  }

  /** The calls of the webhook half: token, find-or-create the check run, mark it in progress. */
  start(existing?: { id: number; external_id: string; status: 'queued' | 'in_progress' | 'completed' }): this {
    this.token().findCheckRun(existing);
    return existing && existing.status !== 'completed' ? this.updateCheckRun(existing.id) : this.createCheckRun();
  }

  /** The calls of the analysis half, up to (not including) the comment and check completion. */
  analyse(load: 'graphql' | 'tarball' | 'cached' = 'graphql'): this {
    this.config().getPull().compare().trees();
    if (load === 'graphql') this.graphql();
    else if (load === 'tarball') this.tarball(this.head).graphql();
    return this.getPull();
  }
}

export function pullRequestPayload(action: string, base: { sha: string }, head: { sha: string }, extra: object = {}) {
  return {
    action,
    number: PULL,
    pull_request: {
      number: PULL,
      state: 'open',
      draft: false,
      html_url: `${HTML_URL}/pull/${PULL}`,
      head: { sha: head.sha, ref: 'feature', repo: { full_name: `${OWNER}/${REPO}` } },
      base: { sha: base.sha, ref: 'main', repo: { full_name: `${OWNER}/${REPO}`, html_url: HTML_URL } },
    },
    repository: { id: 1, name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER, type: 'Organization' }, html_url: HTML_URL, default_branch: 'main', private: false },
    installation: { id: INSTALLATION },
    sender: { login: 'dev', type: 'User' },
    ...extra,
  };
}

export function checkRunPayload(action: string, run: { id: number; head_sha: string; external_id: string; pull_requests: { number: number }[] }, extra: object = {}) {
  const { pull_request: _pr, number: _n, ...rest } = pullRequestPayload(action, { sha: '' }, { sha: '' });
  return { ...rest, check_run: { name: 'reachdiff', status: 'completed', conclusion: 'failure', ...run }, ...extra };
}
