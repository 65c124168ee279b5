/**
 * A finding one template line makes in two environments is told once, naming both (new-user trial 37: charts/shop's
 * egress rule `namespaceSelector: {}`, rendered by Argo CD Applications shop-dev and shop-prod into one cluster model,
 * gave two PERMISSIVE_RULE warnings at charts/shop/templates/api.yaml:35, one per namespace). Findings of two
 * workloads one policy line selects in one namespace stay apart. Fixture test/fixtures/helm-environments; its
 * render.sh stands in for `helm template`.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { oncePerLine } from '../../src/findings/same-line-copies.js';
import type { Finding } from '../../src/findings/types.js';
import { editedCopy, withStandInHelm } from '../helpers/stand-in-helm.js';

const BASE = join(process.cwd(), 'test', 'fixtures', 'helm-environments', 'base');
const AT = 'charts/shop/templates/api.yaml:35: warning: NetworkPolicy shop-dev/api egress rule 1 uses `namespaceSelector: {}`: it allows traffic to every pod of every namespace, including ones created later. Same for shop-prod/api, made from the same line. [PERMISSIVE_RULE]';

test('lint: one finding for the template line, naming the other environment (was: one per namespace)', async () => {
  const { value: out } = await withStandInHelm(() => main(['lint', BASE]));
  expect(out.stdout.split('\n').filter((l) => l.startsWith('charts/shop/templates/api.yaml:35:'))).toEqual([AT]);
  const { value: json } = await withStandInHelm(() => main(['lint', BASE, '--format', 'json']));
  const at35 = (JSON.parse(json.stdout) as { findings: { line: number; file: string; subject: string; alsoFor?: string[] }[] }).findings.filter((f) => f.file === 'charts/shop/templates/api.yaml' && f.line === 35);
  expect(at35).toEqual([expect.objectContaining({ subject: 'shop-dev/api', alsoFor: ['shop-prod/api'] })]);
});

test('diff: the new finding of a template change told once, counted once', async () => {
  // The egress rule added by the change: new in both environments.
  const base = await editedCopy(BASE, { 'charts/shop/templates/api.yaml': ['  egress:\n    - to:\n        - namespaceSelector: {}\n', '  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {team: shop}}\n'] });
  const { value: out } = await withStandInHelm(() => main(['diff', base, BASE, '--format', 'json']));
  const findings = (JSON.parse(out.stdout) as { findings: { code: string; new: boolean; subject: string; alsoFor?: string[] }[] }).findings.filter((f) => f.code === 'PERMISSIVE_RULE');
  expect(findings).toEqual([expect.objectContaining({ new: true, subject: 'shop-dev/api', alsoFor: ['shop-prod/api'] })]);
});

describe('what is a copy', () => {
  const f = (subject: string, message: string, over: Partial<Finding> = {}): Finding => ({ code: 'PERMISSIVE_RULE', severity: 'warning', message, ref: { file: 't.yaml', line: 3 }, subject, object: 'egress', fix: 'Narrow it.', ...over });
  test('the same object in another namespace, the text the same but for it: one', () => {
    const out = oncePerLine([f('dev/api', 'dev/api allows all of namespace dev.'), f('prod/api', 'prod/api allows all of namespace prod.')]);
    expect(out.map((x) => x.message)).toEqual(['dev/api allows all of namespace dev. Same for prod/api, made from the same line.']);
  });
  test('two objects of one namespace, another line, or another text: apart', () => {
    expect(oncePerLine([f('dev/a', 'dev/a is open.'), f('dev/b', 'dev/b is open.')])).toHaveLength(2);
    expect(oncePerLine([f('dev/api', 'dev/api is open.'), f('prod/api', 'prod/api is open.', { ref: { file: 't.yaml', line: 4 } })])).toHaveLength(2);
    expect(oncePerLine([f('dev/api', 'dev/api is open to x.'), f('prod/api', 'prod/api is open to y.')])).toHaveLength(2);
  });
});
