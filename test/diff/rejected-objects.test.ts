/**
 * A pull request that adds or edits an object Kubernetes will reject breaks the GitOps sync: it fails
 * the check and the CLI by default (`failOn` [opened, errors]), and the errors lead the report. Errors
 * already there in files the pull request does not touch are counted, not listed.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { main } from '../../src/cli/main.js';
import { validateConfig } from '../../src/github/config.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { fails } from '../../src/report/verdict.js';
import { tempFolder } from '../helpers/git.js';

const policy = (name: string, port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: shop
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: ${port}
`;
const OLD_BAD = { path: 'legacy/broken.yaml', text: policy('legacy', '99999') };
const BASE = [{ path: 'shop/ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' }, OLD_BAD];
const HEAD = [...BASE, { path: 'shop/ephemeral.yaml', text: policy('ephemeral', '32768:61000') }];

describe('errors on objects the pull request adds or edits', () => {
  const report = analyzeDiff(BASE, HEAD);

  it('are counted apart from pre-existing errors in untouched files', () => {
    // The bad port, and the policy not applied because of it.
    expect(report.counts).toEqual({ opened: 0, closed: 0, errors: 2 });
    expect(report.errors.introduced.map((d) => [d.ref.file, d.ref.line, d.code])).toEqual([
      ['shop/ephemeral.yaml', 1, 'INVALID_FIELD'],
      ['shop/ephemeral.yaml', 10, 'INVALID_PORT_NAME'],
    ]);
    expect(report.errors.preExisting).toBe(2);
  });

  it('an error that was already there in an edited file is not new', () => {
    const edited = [{ path: 'legacy/broken.yaml', text: `# a comment\n${OLD_BAD.text}` }, BASE[0]];
    const r = analyzeDiff(BASE, edited);
    expect(r.counts.errors).toBe(0);
  });

  it('a file moved, as it was or edited, carries its errors: they are not new; a second copy of the error is', () => {
    const moved = [BASE[0], { path: 'legacy-v2/broken.yaml', text: OLD_BAD.text }];
    expect(analyzeDiff(BASE, moved).counts.errors).toBe(0);
    const movedAndEdited = [BASE[0], { path: 'legacy-v2/broken.yaml', text: `# moved\n${OLD_BAD.text}` }];
    expect(analyzeDiff(BASE, movedAndEdited).counts.errors).toBe(0);
    const copied = [...moved, { path: 'legacy-v3/broken.yaml', text: OLD_BAD.text.replace('name: legacy', 'name: legacy-copy') }];
    expect(analyzeDiff(BASE, copied).errors.introduced.map((d) => d.ref.file)).toEqual(['legacy-v3/broken.yaml', 'legacy-v3/broken.yaml']);
  });

  it('an error a change elsewhere brings to an untouched file is new, not pre-existing (new-user trial 48, finding 6)', async () => {
    // The overlay's kustomization alone changes: its `namespace:` is no DNS-1123 label, so the API server
    // rejects every object of the untouched base file, and the GitOps sync breaks.
    const files = (namespace: string) => ({
      'base/kustomization.yaml': 'resources:\n- policy.yaml\n',
      'base/policy.yaml': policy('web', '8080').replace('  namespace: shop\n', ''),
      'overlays/prod/kustomization.yaml': `namespace: ${namespace}\nresources:\n- ../../base\n`,
    });
    const run = async (...extra: string[]) => main(['diff', await tempFolder(files('shop')), await tempFolder(files('Shop_Prod')), ...extra]);
    const json = JSON.parse((await run('--format', 'json')).stdout) as { errors: { introduced: { file: string; code: string }[]; preExisting: number } };
    expect(json.errors.introduced.map((d) => [d.file, d.code])).toEqual([['base/policy.yaml', 'INVALID_NAME']]);
    expect(json.errors.preExisting).toBe(0);
    const text = await run();
    expect(text.stdout).not.toContain('pre-existing');
    expect(text.stdout).toContain('base/policy.yaml:1: error: namespace "Shop_Prod"');
    expect(text.exitCode).toBe(1);
  });

  it('lead the Markdown comment, above the paths; the headline is not ✅; pre-existing ones are a count', () => {
    const md = renderDiffMarkdown(report);
    expect(md.split('\n')[0]).toMatch(/^### ❌ reachdiff: 1 error Kubernetes will reject; no change in allowed connectivity[.;]/);
    // The policy's generic "not applied" error is told with its own (report/listed-errors.ts); JSON keeps both.
    expect(md).toContain('#### ❌ Errors Kubernetes will reject (1)');
    expect(md).toContain('`shop/ephemeral.yaml:10`');
    expect(md).toMatch(/2 pre-existing errors in files this pull request does not touch/);
    expect(md.slice(0, md.indexOf('pre-existing'))).not.toContain('legacy/broken.yaml');
  });

  it('are listed once: not again as MANIFEST_REJECTED findings in the comment, the text or the check run (JSON keeps them)', () => {
    expect(report.findings.some((f) => f.code === 'MANIFEST_REJECTED')).toBe(true);
    expect(renderDiffMarkdown(report)).not.toMatch(/#### Findings|Manifest rejected/i);
    expect(diffText(report)).not.toMatch(/MANIFEST_REJECTED/);
    const result = checkRunResult(report, { failOn: ['opened'], otherChanges: 'neutral', rollbackButton: true, text: '' });
    expect(result.title).not.toMatch(/finding/);
    expect(JSON.stringify(diffJsonObject(report))).toContain('MANIFEST_REJECTED');
  });

  it('lead the text output too', () => {
    const text = diffText(report);
    expect(text.split('\n')[0]).toMatch(/^1 error Kubernetes will reject; no change in allowed connectivity[.;]/);
    expect(text).toMatch(/Errors Kubernetes will reject \(1\):\n {2}shop\/ephemeral\.yaml:10: error: NetworkPolicy shop\/ephemeral: .*; it is not applied \[INVALID_PORT_NAME\]\n/);
  });

  it('are in the JSON report beside the complete warnings', () => {
    const json = diffJsonObject(report) as { summary: object; errors: { introduced: { file: string }[]; preExisting: number }; warnings: object[] };
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 2 });
    expect(json.errors.introduced.map((e) => e.file)).toEqual(['shop/ephemeral.yaml', 'shop/ephemeral.yaml']);
    expect(json.errors.preExisting).toBe(2);
    expect(json.warnings).toHaveLength(6); // head's 4 and base's 2: JSON keeps every warning
  });

  it('fail the check by default, with an annotation on the line', () => {
    const config = validateConfig({});
    if (!config.ok) throw new Error('default config invalid');
    expect(config.config.failOn).toEqual(['opened', 'errors']);
    const result = checkRunResult(report, { failOn: config.config.failOn, otherChanges: 'neutral', rollbackButton: true, text: '' });
    expect(result.conclusion).toBe('failure');
    expect(result.title).toMatch(/^2 errors, 0 opened, 0 closed/);
    expect(result.annotations.filter((a) => a.title === 'Kubernetes will reject this')).toEqual([
      expect.objectContaining({ path: 'shop/ephemeral.yaml', start_line: 1, annotation_level: 'failure' }),
      expect.objectContaining({ path: 'shop/ephemeral.yaml', start_line: 10, annotation_level: 'failure' }),
    ]);
    // A single value as before still works: only opened paths fail, the errors make it neutral
    // (with new findings at error level not failing it either).
    expect(checkRunResult(report, { failOn: 'opened', otherChanges: 'neutral', rollbackButton: true, text: '', failLevel: 'never' }).conclusion).toBe('neutral');
  });
});

describe('failOn: a single value or a list', () => {
  it.each<[string, unknown, boolean]>([
    ['a list', ['opened', 'errors'], true],
    ['errors alone', 'errors', true],
    ['a single value as before', 'closed', true],
    ['never', 'never', true],
    ['an unknown value in a list', ['opened', 'oops'], false],
    ['an empty list', [], false],
  ])('config: %s', (_name, failOn, ok) => {
    expect(validateConfig({ failOn }).ok).toBe(ok);
  });

  it.each<[string, { opened: number; closed: number; errors: number }, boolean]>([
    ['opened,errors', { opened: 0, closed: 0, errors: 1 }, true],
    ['opened', { opened: 0, closed: 0, errors: 1 }, false],
    ['any', { opened: 0, closed: 1, errors: 0 }, true],
    ['any', { opened: 0, closed: 0, errors: 3 }, false],
    ['never', { opened: 5, closed: 5, errors: 5 }, false],
  ])('fails(%s, %j) is %s', (failOn, counts, want) => {
    expect(fails(counts, failOn.includes(',') ? (failOn.split(',') as ['opened', 'errors']) : (failOn as 'opened'))).toBe(want);
  });

  it('the CLI exits 1 on a new error by default, and --fail-on takes a list', async () => {
    const root = await tempFolder([...BASE.map((f) => ({ ...f, path: `base/${f.path}` })), ...HEAD.map((f) => ({ ...f, path: `head/${f.path}` }))]);
    const run = (...extra: string[]) => main(['diff', `${root}/base`, `${root}/head`, ...extra]);
    expect((await run()).exitCode).toBe(1);
    expect((await run('--fail-on', 'opened', '--fail-level', 'never')).exitCode).toBe(0);
    expect((await run('--fail-on', 'opened,errors')).exitCode).toBe(1);
    expect((await run('--fail-on', 'errors')).exitCode).toBe(1);
    expect((await run('--fail-on', 'never', '--fail-level', 'never')).exitCode).toBe(0);
    const bad = await run('--fail-on', 'opened,nope');
    expect([bad.exitCode, bad.stderr]).toEqual([2, expect.stringContaining('--fail-on')]);
  });
});
