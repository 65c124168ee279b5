/**
 * A chart that `targets[].helm` names, in a CLI run where `helm` is not on the PATH: the notes say that
 * (the configuration asks for a render that could not run), not "Render it with targets[].helm or --render"
 * (which the user did) nor "reachdiff runs helm only when asked" (they asked). Before,
 * the diff read "No change in allowed connectivity", exit 0, with only that advice (new-user trial 33).
 * The fixture is test/fixtures/targets/d-helm-and-noise (its chart's NetworkPolicy template changes).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/git.js';
import { withoutHelm } from '../helpers/without-helm.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'd-helm-and-noise');

it('says helm is not on the PATH where targets[].helm names the chart', async () => {
  const dir = await tempDir('reachdiff-nohelm-');
  const config = join(dir, 'reachdiff.yml');
  await writeFile(config, 'targets:\n  - name: web\n    roots: []\n    helm: {chart: charts/web, valuesFiles: [charts/web/values-prod.yaml], releaseName: web, namespace: web}\n');
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--config', config, '--format', 'json']);
    const notices = (JSON.parse(out.stdout) as { notices: { code: string; message: string }[] }).notices;
    expect(notices.map((n) => n.code)).toEqual(['OUTSIDE_TARGETS', 'CHART_NOT_RENDERED']);
    const [changed, footnote] = notices.map((n) => n.message);
    expect(changed).toContain('targets[].helm (target web) names it, but `helm` is not on the PATH');
    expect(changed).not.toContain('Render it with targets[].helm or --render');
    expect(footnote).toContain('Helm chart charts/web not rendered: targets[].helm (target web) names it, but `helm` is not on the PATH');
    expect(footnote).not.toContain('reachdiff runs helm only when asked');
  } finally {
    process.env.PATH = path;
  }
});

it('keeps the advice for a chart no targets[].helm names', async () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--format', 'json']);
    const notices = (JSON.parse(out.stdout) as { notices: { code: string; message: string }[] }).notices;
    expect(notices.find((n) => n.code === 'OUTSIDE_TARGETS')?.message).toContain('Render it with targets[].helm or --render');
  } finally {
    process.env.PATH = path;
  }
});

describe('charts Argo CD Applications render with Helm, no configuration (real-eval 20: jomcgi/homelab, 26 Applications)', () => {
  const application = (name: string) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://github.com/acme/gitops, targetRevision: HEAD, path: charts/${name}, helm: {valueFiles: [values.yaml]}}\n  destination: {server: https://kubernetes.default.svc, namespace: ${name}}\n`;
  const chart = (name: string) => ({
    [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    [`charts/${name}/values.yaml`]: 'port: 80\n',
    [`charts/${name}/templates/np.yaml`]: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: {{ .Release.Name }}}\nspec: {podSelector: {}}\n',
    [`apps/${name}.yaml`]: application(name),
  });

  it('names the Application, not a targets[].helm nobody wrote', async () => {
    const { tempFolderSync } = await import('../helpers/git.js');
    const base = { ...chart('web'), 'apps/kustomization.yaml': 'resources: [web.yaml]\n' };
    const head = { ...base, 'charts/web/values.yaml': 'port: 8080\n' };
    const out = await withoutHelm(() => main(['diff', tempFolderSync(base), tempFolderSync(head), '--format', 'json']));
    const notices = (JSON.parse(out.stdout) as { notices: { code: string; message: string }[] }).notices;
    const changed = notices.find((n) => n.code === 'OUTSIDE_TARGETS')?.message ?? '';
    expect(changed).toContain('Argo CD Application web renders it with Helm, but `helm` is not on the PATH: install Helm where reachdiff runs');
    expect(changed).not.toContain('targets[].helm');
    expect(notices.find((n) => n.code === 'CHART_NOT_RENDERED')?.message).toContain('Helm chart charts/web not rendered: Argo CD Application web renders it with Helm, but `helm` is not on the PATH');
  });

  it('three or more such charts: one note in text, each in the JSON', async () => {
    const { tempFolderSync } = await import('../helpers/git.js');
    const names = ['api', 'db', 'web'];
    const files = Object.assign({ 'apps/kustomization.yaml': `resources: [${names.map((n) => `${n}.yaml`).join(', ')}]\n` }, ...names.map(chart)) as Record<string, string>;
    const text = (await withoutHelm(() => main(['diff', tempFolderSync(files), tempFolderSync(files)]))).stdout;
    expect(text).toContain('note: 3 Helm charts not rendered (charts/api, charts/db, charts/web; the JSON lists each with its line and what asked for it): `helm` is not on the PATH, so nothing from their templates is analysed (install Helm where reachdiff runs; see docs/targets.md, "Helm charts and other rendered manifests")');
    expect(text).not.toContain('Argo CD Application db renders it');
    const json = JSON.parse((await withoutHelm(() => main(['diff', tempFolderSync(files), tempFolderSync(files), '--format', 'json']))).stdout) as { notices: { code: string; message: string }[] };
    expect(json.notices.filter((n) => n.code === 'CHART_NOT_RENDERED').map((n) => n.message.split(':')[0])).toEqual(names.map((n) => `Helm chart charts/${n} not rendered`));
  });
});
