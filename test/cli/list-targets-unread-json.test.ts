/**
 * `list --format json|md` over several targets, one of which reads nothing (a build that fails): the
 * other targets are listed and the run exits 2, its errors being in that target's warnings in stdout,
 * not on stderr. The stderr line said "(errors above)" where nothing was above it and named no file;
 * it now names the first error's file:line (found by the bad-input property, test/property/bad-input.test.ts).
 * Text keeps "(errors above)": there they are.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';
import { sharedBaseOverlays } from '../helpers/shared-base-overlays.js';

const BROKEN = { ...sharedBaseOverlays(), 'overlays/broken/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../missing]\n' };

it.each(['json', 'md'])('--format %s: the target that reads nothing is named on stderr with its first error at file:line', async (format) => {
  const dir = await tempFolder(BROKEN);
  const out = await main(['list', dir, '--format', format]);
  expect(out.exitCode).toBe(2);
  expect(out.stderr).toMatch(/target overlays\/broken: nothing to list: no workload or policy could be read \(its errors are among its warnings, the first at overlays\/broken\/kustomization\.yaml:3\)\n$/);
  expect(out.stdout).toContain('overlays/broken/kustomization.yaml');
});

it('text: the errors are above', async () => {
  const out = await main(['list', await tempFolder(BROKEN)]);
  expect(out.stderr).toMatch(/^overlays\/broken\/kustomization\.yaml:3: error: .*\n(.*\n)*.*target overlays\/broken: nothing to list: no workload or policy could be read \(errors above\)\n$/);
});
