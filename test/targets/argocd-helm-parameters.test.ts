/**
 * An Argo CD Application's Helm chart rendered as Argo CD renders it: its `helm.parameters` (and inline
 * values) passed to `helm template`, after its value files (new-user trial 36). Before, they were not passed:
 * a template change that opens the api's metrics port to every namespace, behind a rule only the
 * Application's parameter `api.allowMonitoring=true` switches on, read "No change", exit 0, no note.
 * Fixture test/fixtures/argocd-helm-parameters: base, head (the template's rule admits every namespace),
 * head-values (values-prod.yaml moves the rule to namespace monitoring-eu); each side's render.sh stands in
 * for `helm template` (the chart rendered by hand, the rule only when the parameter is passed).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { helmTemplateArgs, setValue } from '../../src/targets/helm-template-args.js';
import { tempDir } from '../helpers/git.js';
import { withoutHelm } from '../helpers/without-helm.js';
import { withStandInHelm } from '../helpers/stand-in-helm.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'argocd-helm-parameters');
const side = (name: string) => join(FIX, name);

interface Json {
  summary: { opened: number; closed: number };
  findings: { code: string; file: string; line: number }[];
  notices: { code: string; message: string }[];
  rollback: { notes: string[]; patch: string };
}

describe('helm template arguments, as Argo CD passes them', () => {
  test('values files, then inline values, then parameters (the last of one name wins; forceString as --set-string), then file parameters', () => {
    const args = helmTemplateArgs(
      {
        chart: 'charts/shop',
        releaseName: 'shop',
        namespace: 'shop',
        valuesFiles: ['charts/shop/values.yaml', 'charts/shop/values-prod.yaml'],
        values: '{"a":1}',
        parameters: [
          { name: 'x', value: 'first' },
          { name: 'y', value: '007', forceString: true },
          { name: 'x', value: 'a,b' },
        ],
        fileParameters: [{ name: 'cfg', path: 'charts/shop/files/cfg.json' }],
      },
      '/tmp/values.yaml',
      () => true,
    );
    expect(args).toEqual([
      'template', 'shop', 'charts/shop', '--namespace', 'shop',
      '--values', 'charts/shop/values.yaml', '--values', 'charts/shop/values-prod.yaml', '--values', '/tmp/values.yaml',
      '--set', 'x=a\\,b', '--set-string', 'y=007', '--set-file', 'cfg=charts/shop/files/cfg.json',
    ]);
  });

  test('commas are escaped as Argo CD escapes them; a brace list stays; ignoreMissingValueFiles leaves out a file that does not exist', () => {
    expect(setValue('a,b,,c')).toBe('a\\,b\\,\\,c');
    expect(setValue('a\\,b')).toBe('a\\,b');
    expect(setValue('{a,b}')).toBe('{a,b}');
    const args = helmTemplateArgs({ chart: 'c', valuesFiles: ['c/values-prd.yaml', 'c/values.yaml'], ignoreMissingValueFiles: true }, undefined, (p) => p === 'c/values.yaml');
    expect(args).toEqual(['template', 'release', 'c', '--values', 'c/values.yaml']);
  });
});

test("the Application's parameter switches the rule on: a template change behind it opens paths (was: No change, exit 0)", async () => {
  const { value: out, calls } = await withStandInHelm(() => main(['diff', side('base'), side('head'), '--format', 'json']));
  expect(calls).toContain('template shop charts/shop --namespace shop --values charts/shop/values-prod.yaml --set api.allowMonitoring=true');
  const json = JSON.parse(out.stdout) as Json;
  expect(out.exitCode).toBe(1);
  expect(json.summary.opened).toBe(3);
  expect(json.findings.filter((f) => f.code === 'PERMISSIVE_RULE').map((f) => `${f.file}:${f.line}`)).toEqual(['charts/shop/templates/api.yaml:32']);
  // The parameters are rendered, so the Application is not said as a Helm release reachdiff does not render.
  expect(json.notices.filter((n) => n.code === 'OUTSIDE_TARGETS')).toEqual([]);
});

test("`targets` shows the helm template command with the Application's parameters", async () => {
  const { value: out } = await withStandInHelm(() => main(['targets', side('base')]));
  expect(out.stdout).toContain('helm: helm template shop charts/shop --namespace shop --values charts/shop/values-prod.yaml --set api.allowMonitoring=true');
  expect(out.stdout).toContain('shop: Helm chart charts/shop is rendered with `helm template` by diff, list, lint and explain (targets runs no command)');
  expect(out.stdout).not.toContain('Helm chart charts/shop not rendered');
});

test('a values file change: the rollback names it as the source to revert (was: "Even reverting every changed document leaves 1 opened path")', async () => {
  const { value: out } = await withStandInHelm(() => main(['diff', side('base'), side('head-values'), '--format', 'json']));
  const json = JSON.parse(out.stdout) as Json;
  expect(json.summary).toMatchObject({ opened: 1, closed: 1 });
  expect(json.rollback.patch).toBe('');
  expect(json.rollback.notes).toEqual([
    'The opened paths come from rendered output (helm:charts/shop): revert the change in its sources (changed here: charts/shop/values-prod.yaml), templates or values; no patch is offered.',
  ]);
});

test('configured targets[].helm takes parameters and inline values too, and says a malformed one at its line', async () => {
  const dir = await tempDir('reachdiff-helm-config-');
  const config = join(dir, 'reachdiff.yml');
  await writeFile(config, 'targets:\n  - name: shop\n    roots: [platform]\n    helm:\n      chart: charts/shop\n      namespace: shop\n      values: {api: {monitoringNamespace: monitoring}}\n      parameters:\n        - {name: api.allowMonitoring, value: true}\n');
  const { value: out, calls } = await withStandInHelm(() => main(['diff', side('base'), side('head'), '--config', config, '--format', 'json']));
  expect(calls).toHaveLength(2);
  for (const c of calls) expect(c).toMatch(/^template release charts\/shop --namespace shop --values \S+\/values\.yaml --set api\.allowMonitoring=true$/);
  expect((JSON.parse(out.stdout) as Json).summary.opened).toBe(3);
  await writeFile(config, 'targets:\n  - name: shop\n    roots: [platform]\n    helm:\n      chart: charts/shop\n      parameters:\n        - {name: api.allowMonitoring, valeu: "true"}\n');
  const bad = await main(['diff', side('base'), side('head'), '--config', config]);
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toMatch(/reachdiff\.yml:7: targets\[0\]\.helm\.parameters\[0\]\.valeu: unknown key, did you mean value\?/);
});

describe('without helm on the PATH, lint, list and explain say the chart is not rendered (they said nothing)', () => {
  const NOTE = 'note: Helm chart charts/shop not rendered: Argo CD Application shop renders it with Helm, but `helm` is not on the PATH';
  test('lint: on stderr, and in its JSON as notices', async () => {
    const text = await withoutHelm(() => main(['lint', side('base')]));
    expect(text.stderr).toContain(NOTE);
    const json = JSON.parse((await withoutHelm(() => main(['lint', side('base'), '--format', 'json']))).stdout) as Json;
    expect(json.notices).toEqual([expect.objectContaining({ code: 'CHART_NOT_RENDERED', file: 'charts/shop/Chart.yaml', line: 1 })]);
  });
  test('list: on stderr', async () => {
    expect((await withoutHelm(() => main(['list', side('base')]))).stderr).toContain(NOTE);
  });
  test("explain of the chart's workload: beside \"no such workload\"", async () => {
    const out = await withoutHelm(() => main(['explain', side('base'), '--from', 'monitoring/prometheus', '--to', 'shop/api']));
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/shop\/api: no such workload[^\n]*\nnote: Helm chart charts\/shop not rendered/);
  });
});
