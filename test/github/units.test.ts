/** The pure pieces of the GitHub layer: configuration, conclusions, batches, suggestions, tarballs, rate-limit policy. */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { Rollback } from '../../src/analysis/types.js';
import { peerId } from '../../src/engine/index.js';
import { DEFAULT_CONFIG, validateConfig } from '../../src/github/config.js';
import { DEFAULT_DNS } from '../../src/findings/config.js';
import { pullFromExternalId, externalId } from '../../src/github/check-run.js';
import { rateLimitPolicy } from '../../src/github/octokit.js';
import { peerLabeller } from '../../src/github/peer-label.js';
import { fileMatcher } from '../../src/github/run-job.js';
import { readTarball } from '../../src/github/tarball.js';
import { ANNOTATIONS_PER_REQUEST, ROLLBACK_ACTION, annotationBatches, annotationsFor, clip, conclusionFor } from '../../src/report/check-run.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { rightSideHunks, rightSideLines, rollbackReview } from '../../src/report/suggestions.js';
import { commit, tarball } from './support/git-fixture.js';

describe('configuration', () => {
  test('absent or empty means the documented defaults', () => {
    expect(validateConfig({})).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(DEFAULT_CONFIG).toMatchObject({ failOn: ['opened', 'errors'], rollback: 'button', otherChanges: 'neutral', comment: { enabled: true, postWhenUnchanged: false } });
  });

  test('values are taken, and _extends (already merged by Probot) is ignored', () => {
    const r = validateConfig({ _extends: '.github', failOn: 'any', rollback: 'auto', ignoreNamespaces: ['kube-system'], externalNames: { '10.0.0.0/8': 'corp' }, comment: { postWhenUnchanged: true } });
    expect(r).toMatchObject({ ok: true, config: { failOn: 'any', rollback: 'auto', ignoreNamespaces: ['kube-system'], externalNames: { '10.0.0.0/8': 'corp' }, comment: { enabled: true, postWhenUnchanged: true } } });
  });

  test.each([
    [{ failOn: 'sometimes' }, 'failOn'],
    [{ failon: 'opened' }, 'failon'],
    [{ manifests: 'k8s/**' }, 'manifests'],
    [{ rollback: true }, 'rollback'],
    [{ otherChanges: 'failure' }, 'otherChanges'],
    [{ externalNames: { '10.0.0.0/8': 3 } }, 'externalNames["10.0.0.0/8"]'],
    [{ externalNames: ['10.0.0.0/8'] }, 'externalNames'],
    [{ comment: { enabled: 'yes' } }, 'comment.enabled'],
    [{ comment: 'off' }, 'comment'],
  ])('%j is rejected naming %s', (raw, key) => {
    const r = validateConfig(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.key)).toEqual([key]);
  });

  test('a file that is not a mapping is rejected', () => {
    expect(validateConfig(['a'])).toMatchObject({ ok: false, problems: [{ key: '(root)' }] });
  });

  test('globs select manifests; .github is excluded by default', () => {
    const match = fileMatcher(DEFAULT_CONFIG);
    expect(['k8s/a.yaml', 'b.yml', 'c.json', '.hidden/d.yaml', '.github/workflows/ci.yml', 'README.md'].filter(match)).toEqual(['k8s/a.yaml', 'b.yml', 'c.json', '.hidden/d.yaml']);
    expect(['k8s/a.yaml', 'apps/b.yaml'].filter(fileMatcher({ manifests: ['k8s/**'], exclude: [] }))).toEqual(['k8s/a.yaml']);
  });
});

describe('check run', () => {
  test.each([
    ['opened', 1, 0, 'failure'],
    ['opened', 0, 1, 'neutral'],
    ['opened', 0, 0, 'success'],
    ['closed', 1, 0, 'neutral'],
    ['closed', 0, 1, 'failure'],
    ['any', 0, 1, 'failure'],
    ['never', 3, 3, 'neutral'],
  ] as const)('failOn %s with %i opened, %i closed → %s', (failOn, opened, closed, expected) => {
    expect(conclusionFor({ opened, closed }, failOn, 'neutral')).toBe(expected);
  });

  test('otherChanges: success lets non-failing changes pass green', () => {
    expect(conclusionFor({ opened: 0, closed: 2 }, 'opened', 'success')).toBe('success');
  });

  test('annotations are split 50 per request', () => {
    expect(annotationBatches(Array.from({ length: 101 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 1]);
    expect(ANNOTATIONS_PER_REQUEST).toBe(50);
  });

  test('the button fits GitHub\'s limits', () => {
    expect(ROLLBACK_ACTION.identifier.length).toBeLessThanOrEqual(20);
    expect(ROLLBACK_ACTION.label.length).toBeLessThanOrEqual(20);
    expect(ROLLBACK_ACTION.description.length).toBeLessThanOrEqual(40);
  });

  test('long texts are clipped under 65,535 with a note', () => {
    const out = clip('x'.repeat(70000));
    expect(out.length).toBeLessThanOrEqual(65535);
    expect(out).toMatch(/Truncated/);
  });

  test('the PR number round-trips through external_id', () => {
    expect(pullFromExternalId(externalId(12))).toBe(12);
    expect(pullFromExternalId('something')).toBeUndefined();
    expect(pullFromExternalId(null)).toBeUndefined();
  });
});

describe('suggestions', () => {
  const patch = '@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -20,2 +21,0 @@\n-x\n-y\n@@ -40 +40 @@\n-p\n+q';
  const doc = (key: string, change: 'added' | 'removed' | 'edited') => ({ key, change, objects: [key] });
  const rollback = (documents: Rollback['documents'], hunks: Rollback['hunks']): Rollback => ({ documents, hunks, minimality: 'proven', remainingOpened: 0, patch: '', notes: [] });

  test('head-side hunk ranges and lines come from the patch; pure deletions have none', () => {
    expect(rightSideHunks(patch)).toEqual([
      [1, 4],
      [40, 40],
    ]);
    expect([...rightSideLines(patch)]).toEqual([
      [1, 'a'],
      [2, 'B'],
      [3, 'C'],
      [4, 'c'],
      [40, 'q'],
    ]);
  });

  test('a hunk inside the diff becomes a single- or multi-line suggestion', () => {
    const review = rollbackReview(rollback([doc('NetworkPolicy/a/x', 'edited')], [{ file: 'p.yaml', startLine: 2, endLine: 3, replacement: 'b', documentKey: 'NetworkPolicy/a/x' }]), [{ filename: 'p.yaml', patch }], 'the patch');
    expect(review.comments).toEqual([{ path: 'p.yaml', line: 3, side: 'RIGHT', start_line: 2, start_side: 'RIGHT', body: 'Reverts `NetworkPolicy/a/x` to its base version:\n\n```suggestion\nb\n```' }]);
  });

  test('a deletion is widened to the line above so the suggestion is never empty', () => {
    const review = rollbackReview(rollback([doc('K/a/x', 'edited')], [{ file: 'p.yaml', startLine: 2, endLine: 3, replacement: '', documentKey: 'K/a/x' }]), [{ filename: 'p.yaml', patch }], 'the patch');
    expect(review.comments[0]).toMatchObject({ start_line: 1, line: 3, body: expect.stringContaining('```suggestion\na\n```') });
  });

  test('a document with a hunk outside the diff, or deleted by the PR, gets no suggestion and the review points to the patch', () => {
    const review = rollbackReview(
      rollback(
        [doc('K/a/outside', 'edited'), doc('K/a/gone', 'removed')],
        [
          { file: 'p.yaml', startLine: 2, endLine: 2, replacement: 'b', documentKey: 'K/a/outside' },
          { file: 'p.yaml', startLine: 10, endLine: 11, replacement: 'z', documentKey: 'K/a/outside' },
        ],
      ),
      [{ filename: 'p.yaml', patch }],
      'the patch in the comment',
    );
    expect(review.comments).toEqual([]);
    expect(review.body).toBe(
      [
        '<!-- reachdiff:rollback -->',
        '**reachdiff rollback**',
        '',
        'Not expressible as suggestions:',
        "- `K/a/outside`: lines p.yaml:10-11 are outside the PR's diff, where GitHub accepts no suggestion.",
        '- `K/a/gone` was deleted in this PR: a suggestion cannot restore deleted lines.',
        '',
        'Apply the patch instead: the patch in the comment.',
      ].join('\n'),
    );
  });

  test('tidying documents are counted apart from the minimal rollback, and a patch left only for them is no failure to close', () => {
    const hunks = (key: string, line: number) => ({ file: 'p.yaml', startLine: line, endLine: line, replacement: 'b', documentKey: key });
    const both = rollbackReview({ ...rollback([doc('K/a/entry', 'edited'), doc('K/a/file', 'edited')], [hunks('K/a/entry', 2), hunks('K/a/file', 40)]), tidying: ['K/a/file'] }, [{ filename: 'p.yaml', patch }], 'the patch');
    expect(both.comments).toHaveLength(2);
    expect(both.body).toContain('reverts 1 of the 1 document in the minimal rollback, and deletes 1 document no build reads once the rest is reverted (tidying, beside the minimal rollback).');
    expect(both.body).toContain('Together they close every path this PR opens.');
    // The tidying document outside the diff: the suggestions still close every path, the patch deletes the rest.
    const left = rollbackReview({ ...rollback([doc('K/a/entry', 'edited'), doc('K/a/file', 'edited')], [hunks('K/a/entry', 2), hunks('K/a/file', 10)]), tidying: ['K/a/file'] }, [{ filename: 'p.yaml', patch }], 'the patch');
    expect(left.body).toContain('Committing this suggestion reverts 1 of the 1 document in the minimal rollback.');
    expect(left.body).toContain("- `K/a/file` (tidying: no build reads it once the rest is reverted): lines p.yaml:10 are outside the PR's diff");
    expect(left.body).toContain('The suggestions close every path this PR opens; the patch also deletes what is left: the patch.');
    expect(left.body).not.toContain('Apply the patch instead');
  });

  test('replacement text containing a code fence gets a longer fence', () => {
    const review = rollbackReview(rollback([doc('K/a/x', 'edited')], [{ file: 'p.yaml', startLine: 40, endLine: 40, replacement: '# ```', documentKey: 'K/a/x' }]), [{ filename: 'p.yaml', patch }], 'p');
    expect(review.comments[0].body).toContain('````suggestion\n# ```\n````');
  });
});

describe('tarball', () => {
  test('reads regular files under the top folder, skipping pax headers and unwanted paths, including paths over 100 bytes', () => {
    const long = `${'deep/'.repeat(25)}policy.yaml`;
    const c = commit('t', new Map([['a.yaml', 'kind: A\n'], [long, 'kind: B\n'], ['README.md', '# hi\n']]));
    const files = readTarball(tarball(c, 'acme-gitops-1234567'), (p) => p.endsWith('.yaml'));
    expect([...files]).toEqual([
      ['a.yaml', 'kind: A\n'],
      [long, 'kind: B\n'],
    ]);
  });
});

describe('rate limits', () => {
  const octokit = { log: { warn: () => undefined } };
  const request = { method: 'GET', url: '/x' };
  test('a short wait is taken once; a long wait or a second hit gives up so the check can report it', () => {
    const { onRateLimit, onSecondaryRateLimit } = rateLimitPolicy(60);
    expect(onRateLimit(10, request, octokit, 0)).toBe(true);
    expect(onRateLimit(10, request, octokit, 1)).toBe(false);
    expect(onRateLimit(3600, request, octokit, 0)).toBe(false);
    expect(onSecondaryRateLimit(60, request, octokit, 0)).toBe(true);
  });
});

describe('the production Octokit', () => {
  test('a persistent 403 rate limit is retried once when the reset is near, then surfaces as an error', async () => {
    const nock = (await import('nock')).default;
    const { ReachdiffOctokit } = await import('../../src/github/octokit.js');
    nock.disableNetConnect();
    const reset = String(Math.floor(Date.now() / 1000));
    const scope = nock('https://api.github.com')
      .get('/repos/acme/gitops')
      .times(2)
      .reply(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset });
    const warnings: string[] = [];
    const log = { warn: (m: string) => warnings.push(m), info: () => undefined, debug: () => undefined, error: () => undefined, child: () => log };
    const octokit = new ReachdiffOctokit({ auth: { token: 'x' }, log });
    await expect(octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'gitops' })).rejects.toMatchObject({ status: 403 });
    expect(scope.isDone()).toBe(true);
    expect(warnings).toEqual([expect.stringMatching(/primary rate limit .* retrying/), expect.stringMatching(/primary rate limit .* giving up/)]);
    nock.cleanAll();
    nock.enableNetConnect();
  });
});

describe('README.md (GitHub App configuration)', () => {
  test('its configuration table lists exactly the keys the validator knows, with their defaults', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([\w.]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1], m[2]]);
    const flat: [string, string][] = [];
    // Sections are listed key by key; other values as their JSON.
    const sections = new Set(['comment', 'findings', 'findings.dns']);
    const walk = (prefix: string, obj: object) => {
      for (const [key, value] of Object.entries(obj)) {
        const path = prefix + key;
        if (sections.has(path)) walk(`${path}.`, value as object);
        else flat.push([path, JSON.stringify(value).replace(/"/g, "'").replace(/,/g, ', ')]);
      }
    };
    // findings.dns is absent by default (cluster DNS is then any well-known one, KNOWN_DNS); the keys a
    // configured one leaves out are kube-dns's, which the table lists last among findings.
    walk('', { ...DEFAULT_CONFIG, findings: { ...DEFAULT_CONFIG.findings, dns: DEFAULT_DNS } });
    expect(rows.map(([k, v]) => [k, v.replace(/^'([\w-]+)'$/, '$1')])).toEqual(flat.map(([k, v]) => [k, v.replace(/^'([\w-]+)'$/, '$1')]));
  });
});

describe('peer labels', () => {
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n';
  const policy = (egress: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-out, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress: ${egress}\n`;
  const report = analyzeDiff([{ path: 'k8s.yaml', text: pod + '---\n' + policy('[]') }], [{ path: 'k8s.yaml', text: pod + '---\n' + policy('[{to: [{ipBlock: {cidr: 10.1.0.0/16}}]}]') }]);
  const label = peerLabeller({ '10.0.0.0/8': 'corp' }, report.workloads);
  const external = report.pairs.find((p) => p.dst.type === 'external')!.dst;
  // Short and exact: the configured name with the CIDR (not the range); a workload without its kind when unambiguous.
  const named = 'corp (10.1.0.0/16)';

  test('the labeller returns plain text; the Markdown wraps the whole label in backticks once', () => {
    expect(peerId(external)).toMatch(/^10\.1\.0\.0-10\.1\.255\.255/);
    expect(label(external)).toBe(named);
    expect(label(report.pairs[0].src)).toBe('shop/web');
    const md = renderDiffMarkdown(report, { peerLabel: label });
    expect(md).toContain(`| \`${named}\` |`);
    // A table row names the workload by its id, as the why beside it does.
    expect(md).toContain('| `shop/web[Pod]` |');
  });

  test('annotations carry the plain label', () => {
    const annotations = annotationsFor(report, { failOn: 'opened', peerLabel: label });
    expect(annotations.map((a) => a.message).join('\n')).toContain(`=> ${named}: `);
    expect(annotations.map((a) => a.message).join('\n')).not.toContain('`');
  });
});
