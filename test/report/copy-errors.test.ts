/**
 * The copies of one object the API server rejects at one line (a base three overlays deploy into three
 * namespaces of one target, its policy's `policyTypes` misspelt) are told once wherever the loader's errors
 * are told, as copies' warnings are (copy-warnings.ts): the errors section of text and Markdown, SARIF's
 * MANIFEST_REJECTED results (still valid SARIF), the check run's annotations, and `lint`'s text (its warnings
 * too, as `diff` folds them). Before, each
 * said it three times (6 lines, results or annotations for 2 lines). JSON keeps every copy.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { checkRunResult } from '../../src/report/check-run.js';
import { tempFolderSync } from '../helpers/git.js';

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n';
const POLICY = (type: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [${type}]\n  ingress: [{from: [{podSelector: {}}]}]\n`;
// Its backend Service is defined nowhere: a warning per copy (INGRESS_SERVICE_NOT_FOUND).
const INGRESS = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: {service: {name: api, port: {number: 80}}}\n';
const overlay = (ns: string) => `namespace: ${ns}\nresources: [../base]\n`;
const tree = (type: string): Record<string, string> => ({
  'kustomization.yaml': 'resources: [a, b, c]\n',
  'a/kustomization.yaml': overlay('shop-a'),
  'b/kustomization.yaml': overlay('shop-b'),
  'c/kustomization.yaml': overlay('shop-c'),
  'base/kustomization.yaml': 'resources: [deploy.yaml, policy.yaml, ingress.yaml]\n',
  'base/ingress.yaml': INGRESS,
  'base/deploy.yaml': DEPLOY,
  'base/policy.yaml': POLICY(type),
});
const prefixed = (side: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`${side}/${p}`, t]));
const dir = tempFolderSync({ ...prefixed('base', tree('Ingress')), ...prefixed('head', tree('Ingres')) }, 'reachdiff-copy-errors-');
const [BASE, HEAD] = [join(dir, 'base'), join(dir, 'head')];
const THREE = '(3 in all, in namespaces shop-a, shop-b, shop-c)';

const require = createRequire(import.meta.url);
function validSarif(text: string): boolean {
  // As test/findings/sarif.test.ts validates SARIF: the schema's language-tag pattern needs non-unicode regular expressions.
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object)(JSON.parse(text)) as boolean;
}
const results = (text: string) => (JSON.parse(text) as { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] }).runs[0].results;

it('diff text and Markdown: one error line per line of the file, naming the copies; the count is of every error', async () => {
  const text = await main(['diff', BASE, HEAD]);
  const lines = text.stdout.split('\n').filter((l) => l.startsWith('  base/policy.yaml:'));
  expect(lines).toHaveLength(2);
  expect(lines.every((l) => l.includes(THREE))).toBe(true);
  expect(text.stdout).toContain('Errors Kubernetes will reject (6):');
  const md = await main(['diff', BASE, HEAD, '--format', 'md']);
  expect(md.stdout.split('\n').filter((l) => l.startsWith('- ') && l.includes('policy.yaml') && l.includes('INVALID_'))).toHaveLength(2);
  const json = JSON.parse((await main(['diff', BASE, HEAD, '--format', 'json'])).stdout) as { errors: { introduced: unknown[] } };
  expect(json.errors.introduced).toHaveLength(6);
});

it('diff and lint SARIF: one MANIFEST_REJECTED result per line, naming the copies, and still valid SARIF', async () => {
  for (const args of [['diff', BASE, HEAD], ['lint', HEAD]]) {
    const out = await main([...args, '--format', 'sarif']);
    expect(validSarif(out.stdout)).toBe(true);
    const rejected = results(out.stdout).filter((r) => r.ruleId === 'MANIFEST_REJECTED');
    expect(rejected.map((r) => r.locations[0].physicalLocation.region.startLine)).toEqual([1, 6]);
    expect(rejected.every((r) => r.message.text.includes(THREE))).toBe(true);
  }
});

it("lint text tells each rejected line once, and each copies' warning (as diff does); lint's JSON keeps a finding per copy", async () => {
  const text = await main(['lint', HEAD]);
  expect(text.stdout.split('\n').filter((l) => l.includes('[MANIFEST_REJECTED]'))).toHaveLength(2);
  const warned = text.stderr.split('\n').filter((l) => l.startsWith('base/ingress.yaml:'));
  expect(warned).toHaveLength(1);
  expect(warned[0]).toContain(THREE);
  const json = JSON.parse((await main(['lint', HEAD, '--format', 'json'])).stdout) as { findings: { code: string }[] };
  expect(json.findings.filter((f) => f.code === 'MANIFEST_REJECTED')).toHaveLength(6);
});

it("the check run: one failure annotation per rejected line, naming the copies", async () => {
  const files = (t: Record<string, string>) => Object.entries(t).map(([path, text]) => ({ path, text }));
  const report = await analyzeTargets(files(tree('Ingress')), files(tree('Ingres')));
  const run = checkRunResult(report.combined, { failOn: ['opened', 'errors'], otherChanges: 'neutral', rollbackButton: false, text: '' });
  const rejected = run.annotations.filter((a) => a.path === 'base/policy.yaml');
  expect(rejected.map((a) => [a.start_line, a.annotation_level])).toEqual([[1, 'failure'], [6, 'failure']]);
  expect(rejected.every((a) => a.message.includes(THREE))).toBe(true);
});
