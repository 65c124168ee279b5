/**
 * A chart that `targets[].helm` names, in a CLI run where `helm` is not on the PATH: the notes say that
 * (the configuration asks for a render that could not run), not "Render it with targets[].helm or --render"
 * (which the user did) nor "render it with the CLI or the GitHub Action" (which is where they are). Before,
 * the diff read "No change in allowed connectivity", exit 0, with only that advice (new-user trial 33).
 * The fixture is test/fixtures/targets/d-helm-and-noise (its chart's NetworkPolicy template changes).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/git.js';

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
    expect(footnote).not.toContain('render it with the CLI or the GitHub Action');
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
