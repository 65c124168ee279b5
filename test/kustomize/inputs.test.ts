/** Globs select what is analysed; the files selected kustomizations render from are read too, and nothing else. */
import { readSide } from '../../src/cli/sources.js';
import { loadManifests } from '../../src/manifests/load.js';
import { manifestMatcher } from '../../src/manifests/path-matcher.js';
import { FIXTURES } from './files.js';

it('--path on one overlay reads its bases and components outside the globs, and no other kustomization', async () => {
  const side = await readSide(FIXTURES, FIXTURES, manifestMatcher(['components/overlays/locked/**']));
  expect(side.files.map((f) => f.path).sort()).toEqual([
    'app-base/deployment.yaml',
    'app-base/kustomization.yaml',
    'app-base/policy.yaml',
    'app-base/service.yaml',
    'components/base/kustomization.yaml',
    'components/lockdown/deny-all.yaml',
    'components/lockdown/kustomization.yaml',
    'components/overlays/locked/kustomization.yaml',
  ]);
  const loaded = loadManifests(side.files);
  expect(loaded.renders.map((r) => r.dir)).toEqual(['components/overlays/locked']);
  expect(loaded.cluster.policies.map((p) => p.id).sort()).toEqual(['locked/api-ingress', 'locked/deny-all']);
  expect(loaded.diagnostics).toEqual([]);
});

it('generator inputs that no manifest listing holds are read for the kustomizations that name them', async () => {
  const side = await readSide(FIXTURES, FIXTURES, manifestMatcher(['generators/overlay/**']));
  const env = side.files.find((f) => f.path === 'generators/base/settings.env');
  expect(env?.text).toContain('REGION=eu-west');
  const settings = loadManifests(side.files).renders[0].objects.find((o) => o.value.kind === 'ConfigMap');
  expect(settings?.value.data).toEqual({ REGION: 'eu-west', TIMEOUT: '30s', LOG_LEVEL: 'debug', MODE: 'fast' });
});
