/**
 * Argo CD's Kustomize overrides (`spec.source.kustomize.namePrefix`, `commonLabels` …) were applied by
 * re-writing the kustomization's text (a YAML dump of it): comments and blank lines went, and every line
 * of an inline patch below them moved, so a why-line pointed three lines above the rule that opened the
 * path. They now travel as an edit document appended to the file (targets/argocd-overrides.ts).
 * Fixture: test/fixtures/targets/o-argocd-override-lines (hand-written; base and head differ in the port
 * an inline JSON patch of the kustomization adds).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'o-argocd-override-lines');

interface Why {
  ref: { file: string; line: number };
  text: string;
}

test('a policy-changing inline patch under Argo CD overrides: the why-line is the line written in the kustomization', async () => {
  const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json', '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  const json = JSON.parse(out.stdout) as { pairs: { src: { id: string }; dst: { id: string }; opened?: unknown; why?: { opened: Why[] } }[]; warnings: unknown[] };
  expect(json.warnings).toEqual([]);
  // The overrides still apply: the prefix names the objects.
  const pair = json.pairs.find((p) => p.src.id === 'entire-cluster' && p.dst.id === 'shop/prod-api[Deployment]');
  expect(pair?.opened).toEqual({ protocols: { TCP: [[9090, 9090]] } });
  const written = readFileSync(join(FIX, 'head', 'apps', 'shop', 'kustomization.yaml'), 'utf8').split('\n');
  // The port the patch's value edits: the line the change is at.
  const rule = written.findIndex((l) => l.trim() === '- port: 9090') + 1;
  expect(pair?.why?.opened.map((w) => [w.ref.file, w.ref.line])).toEqual([
    ['apps/shop/kustomization.yaml', rule],
    ['apps/shop/kustomization.yaml', rule],
  ]);
  expect(rule).toBe(18);
});
