/**
 * A `helm template` that fails is the chart's problem, not the run's (new-user trial 37: an Argo CD Application's
 * `valueFiles: [values-prd.yaml]` typo stopped `diff` with exit 2, and the change to the other environment was
 * never analysed). It is said under the verdict as not analysed, naming the chart, the Application and its line
 * and Helm's error; the rest is analysed. A chart that fails on one side only is left out of the other side too,
 * so its paths are not told as closed (or opened) when they are unknown on the failing side.
 * Fixture test/fixtures/helm-environments: charts/shop deployed by Applications shop-dev and shop-prod, each with
 * its values file; its render.sh stands in for `helm template`.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { Renderers } from '../../src/targets/target-files.js';
import { renderedStream } from '../../src/targets/rendered-stream.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { DEFAULT_FAIL_ON } from '../../src/report/verdict.js';
import { editedCopy, withStandInHelm } from '../helpers/stand-in-helm.js';

const BASE = join(process.cwd(), 'test', 'fixtures', 'helm-environments', 'base');
/** Head: shop-prod's values file misspelt (its render fails), and dev's ingress namespace changed (1 path opened, 1 closed). */
const headEdits = {
  'argocd/shop-prod.yaml': ['values-prod.yaml', 'values-prd.yaml'],
  'charts/shop/values-dev.yaml': ['ingress-dev', 'ingress-prod'],
} as const;
const FAILED =
  'Not analysed on head: Helm chart charts/shop, which Application shop-prod (argocd/shop-prod.yaml:1) renders, did not render: helm template charts/shop failed (exit 1): Error: open charts/shop/values-prd.yaml: no such file or directory. ' +
  "Its objects are missing from head, and base's render of it is left out too: its paths are unknown on head, neither opened nor closed";

interface Json {
  summary: { opened: number; closed: number };
  pairs: { src: { id?: string }; dst: { id?: string } }[];
  notices: { code: string; message: string; file?: string; line?: number }[];
}

describe('helm template failing for one Application on head', () => {
  test('text: said under the verdict with the Application line and the error; the other environment analysed; shop-prod not told as closed (was: exit 2)', async () => {
    const head = await editedCopy(BASE, headEdits);
    const { value: out } = await withStandInHelm(() => main(['diff', BASE, head]));
    expect(out.stderr).toBe('');
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(`\nNote: ${FAILED}.\n`);
    expect(out.stdout).toMatch(/^1 path opened, 1 path closed/);
    expect(out.stdout).toContain('ingress-prod/ingress[Deployment] => shop-dev/api[Deployment] : TCP 8080');
    // base's shop-prod render is left out too: nothing of it read as closed.
    expect(out.stdout).not.toContain('=> shop-prod/api');
  });

  test('JSON: the notice at the Application line; no pair of the failing chart', async () => {
    const head = await editedCopy(BASE, headEdits);
    const { value: out } = await withStandInHelm(() => main(['diff', BASE, head, '--format', 'json']));
    const json = JSON.parse(out.stdout) as Json;
    expect(json.summary).toMatchObject({ opened: 1, closed: 1 });
    expect(json.notices).toContainEqual({ code: 'OUTSIDE_TARGETS', message: `${FAILED}.`, file: 'argocd/shop-prod.yaml', line: 1 });
    expect(json.pairs.filter((p) => p.dst.id?.startsWith('shop-prod/'))).toEqual([]);
  });

  test('Markdown: ⚠️ under the verdict', async () => {
    const head = await editedCopy(BASE, headEdits);
    const { value: out } = await withStandInHelm(() => main(['diff', BASE, head, '--format', 'md']));
    expect(out.stdout).toContain(`> ⚠️ ${FAILED}`);
  });

  test('failing on base only: said for base, head\'s render left out (not told as opened)', async () => {
    const failing = await editedCopy(BASE, { 'argocd/shop-prod.yaml': ['values-prod.yaml', 'values-prd.yaml'] });
    const { value: out } = await withStandInHelm(() => main(['diff', failing, BASE]));
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toMatch(/^No change found in what was analysed; not analysed: Helm chart charts\/shop, which Application shop-prod \(argocd\/shop-prod\.yaml:1\) renders, did not render; Application shop-prod is synced by hand: this change deploys there when someone syncs it, not on merge \(see the notes\)\.\n\nNote: Not analysed on base: Helm chart charts\/shop, which Application shop-prod \(argocd\/shop-prod\.yaml:1\) renders, did not render: .*its paths are unknown on base, neither opened nor closed\.\n/);
  });

  test('lint, list and explain: a note naming the Application and the error; the rest analysed (was: exit 2)', async () => {
    const head = await editedCopy(BASE, headEdits);
    const NOTE = 'note: Helm chart charts/shop not rendered for Application shop-prod (argocd/shop-prod.yaml:1): helm template charts/shop failed (exit 1): Error: open charts/shop/values-prd.yaml: no such file or directory; nothing from its templates is analysed for shop-prod (charts/shop/Chart.yaml:1)';
    const { value: lint } = await withStandInHelm(() => main(['lint', head]));
    expect(lint.stderr).toContain(NOTE);
    expect(lint.stdout).toContain('shop-dev/api egress rule 1');
    const { value: list } = await withStandInHelm(() => main(['list', head]));
    expect(list.exitCode).toBe(0);
    expect(list.stderr).toContain(NOTE);
    const { value: explain } = await withStandInHelm(() => main(['explain', head, '--from', 'ingress-prod/ingress', '--to', 'shop-dev/api', '--port', '8080']));
    expect(explain.exitCode).toBe(0);
    expect(explain.stderr).toContain(NOTE);
  });
});

test("the check run: the failure under the verdict, neutral rather than success", async () => {
  const files = (values: string) => [
    { path: 'argocd/shop.yaml', text: `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  source: {repoURL: https://github.com/acme/x, path: charts/shop, helm: {valueFiles: [${values}]}}\n  destination: {server: https://kubernetes.default.svc, namespace: shop}\n` },
    { path: 'charts/shop/Chart.yaml', text: 'apiVersion: v2\nname: shop\nversion: 0.1.0\n' },
    { path: 'charts/shop/values-prod.yaml', text: 'a: 1\n' },
    { path: 'charts/shop/templates/deny.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n' },
  ];
  const renderer = (fails: boolean): Renderers => ({
    helm: async (spec, repo) => (fails ? { failed: `helm template ${spec.chart} failed (exit 1): Error: template: shop/templates/deny.yaml:3: bad` } : renderedStream(`---\n# Source: shop/templates/deny.yaml\n${repo.text('charts/shop/templates/deny.yaml')}`, `helm:${spec.chart}`, repo, 'charts')),
  });
  const report = await analyzeTargets(files('values-prod.yaml'), files('values-prd.yaml'), { renderers: { base: renderer(false), head: renderer(true) } });
  const run = targetsCheckRun(report, { failOn: DEFAULT_FAIL_ON, otherChanges: 'success', rollbackButton: false, text: '' });
  expect(run.conclusion).toBe('neutral');
  expect(run.summary).toContain('⚠️ Not analysed on head: Helm chart charts/shop, which Application shop (argocd/shop.yaml:1) renders, did not render: helm template charts/shop failed (exit 1): Error: template: shop/templates/deny.yaml:3: bad.');
  expect(report.counts).toMatchObject({ opened: 0, closed: 0 });
});
