/**
 * `list` (and `lint`, `diff`) on a repository with a Helm chart nothing renders: the note names the chart at
 * its Chart.yaml line, says why it was not rendered (reachdiff runs helm only when asked; the values it is
 * deployed with may live elsewhere) and what to do, with the chart's own folder in the commands offered.
 * Before, it said "render it with the CLI or the GitHub Action" to a user of the CLI (fresh-user trial 54).
 * A chart a --render stream read (Helm's `# Source:` lines) is rendered: no note, though the note advises
 * --render (before, the note stayed after the user followed it).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const deployment = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;

const files = {
  'k8s/api.yaml': deployment('api', 'shop'),
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'replicas: 1\n',
  'charts/web/templates/deploy.yaml': deployment('{{ .Release.Name }}', 'web'),
};

const NOTE =
  "note: Helm chart charts/web not rendered: reachdiff runs helm only when asked (a target's helm: entry, an Argo CD Application, --render), and the values it is deployed with may be set elsewhere, so nothing from its templates is analysed. " +
  "To analyse it (CLI or GitHub Action): --render 'helm template web charts/web --values FILE', or a target in .github/reachdiff.yml with helm: {chart: charts/web, valuesFiles: [FILE]} " +
  '(see docs/targets.md, "Helm charts and other rendered manifests") (charts/web/Chart.yaml:1)\n';

it('says which chart (file:line), why it was not rendered, and what to do', async () => {
  const dir = await tempFolder(files);
  const out = await main(['list', dir]);
  expect(out.exitCode).toBe(0);
  expect(out.stdout).toContain('shop/api[Deployment]');
  expect(out.stderr).toBe(NOTE);
  expect((await main(['lint', dir])).stderr).toContain(NOTE);
});

it('a chart a --render stream read is not said unrendered', async () => {
  const dir = await tempFolder(files);
  // What `helm template web charts/web` prints: each document after a `# Source:` line naming the template.
  const script = join(dir, 'render.sh');
  await writeFile(script, `printf '%s\\n' '---' '# Source: web/templates/deploy.yaml'\nprintf '%s' '${deployment('web', 'web')}'\n`);
  const render = `sh ${script}`;
  const list = await main(['list', dir, '--render', render]);
  expect(list.stdout).toContain('web/web[Deployment]');
  expect(list.stderr).not.toContain('Helm chart charts/web');
  expect((await main(['lint', dir, '--render', render])).stderr).not.toContain('Helm chart charts/web');
  const diff = JSON.parse((await main(['diff', dir, dir, '--render', render, '--format', 'json'])).stdout) as { notices: { code: string }[] };
  expect(diff.notices.map((n) => n.code)).not.toContain('CHART_NOT_RENDERED');
  // Without the stream, diff says it (the JSON keeps each chart's notice).
  const plain = JSON.parse((await main(['diff', dir, dir, '--format', 'json'])).stdout) as { notices: { code: string; file: string }[] };
  expect(plain.notices.filter((n) => n.code === 'CHART_NOT_RENDERED').map((n) => n.file)).toEqual(['charts/web/Chart.yaml']);
});

it('`targets`, which runs no command, says the same of the chart', async () => {
  const dir = await tempFolder(files);
  const out = await main(['targets', dir]);
  expect(out.stdout).toContain("Helm chart charts/web not rendered: reachdiff runs helm only when asked (a target's helm: entry, an Argo CD Application, --render)");
  expect(out.stdout).toContain("--render 'helm template web charts/web --values FILE'");
  expect(out.stdout).toContain('(charts/web/Chart.yaml:1)');
});
