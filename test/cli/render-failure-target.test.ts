/**
 * A `helm template` that fails names the target that asked for it, so the line to fix is found (new-user trial
 * 36: an Argo CD Application's `valueFiles: [values-prd.yaml]` typo gave only "helm template charts/shop (head)
 * failed (exit 1): Error: open charts/shop/values-prd.yaml: no such file or directory"). Since new-user trial 37
 * it no longer stops the run: the chart is said as not analysed (test/cli/helm-template-fails.test.ts).
 * Fixture test/fixtures/targets/d-helm-and-noise.
 */
import { join } from 'node:path';
import { chmod, writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/git.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'd-helm-and-noise');

test('a failing helm template names the target and where it is configured', async () => {
  const bin = await tempDir('reachdiff-failing-helm-');
  await writeFile(join(bin, 'helm'), '#!/bin/sh\necho "Error: open charts/web/values-prd.yaml: no such file or directory" >&2\nexit 1\n');
  await chmod(join(bin, 'helm'), 0o755);
  const config = join(bin, 'reachdiff.yml');
  await writeFile(config, 'targets:\n  - name: web\n    roots: []\n    helm: {chart: charts/web, valuesFiles: [charts/web/values-prd.yaml], namespace: web}\n');
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    const out = await main(['diff', join(FIX, 'base'), join(FIX, 'head'), '--config', config]);
    expect(out.exitCode).not.toBe(2);
    // It fails on both sides: one note, under the verdict.
    expect(out.stdout).toContain('\nNote: Not analysed: Helm chart charts/web, which targets entry "web" of the configuration renders, did not render on base nor on head: helm template charts/web failed (exit 1): Error: open charts/web/values-prd.yaml: no such file or directory. Nothing from its templates is analysed for web.\n');
  } finally {
    process.env.PATH = path;
  }
});
