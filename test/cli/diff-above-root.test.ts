/**
 * `diff co1/overlays/prod co2/overlays/prod`: each folder is its own root, so the overlay's `../../base`
 * builds on neither side. A change made only in the base gave a bare "No change in allowed connectivity.",
 * its one error "pre-existing … (not listed)", exit 0 (fresh-user trial 29). A note on stderr now names the
 * build and what to diff instead; the report and the exit code stay as they were.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const APPS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;

/** A checkout: base/ (the apps) and overlays/prod/ (namespace prod over ../../base). */
function checkout(apps: string): Record<string, string> {
  return {
    'base/kustomization.yaml': 'resources: [apps.yaml]\n',
    'base/apps.yaml': apps,
    'overlays/prod/kustomization.yaml': 'namespace: prod\nresources:\n  - ../../base\n',
  };
}

const NOTE = /^note: each folder is read on its own; a build naming files above it is analysed on neither side, and the report says nothing of it \(kustomization\.yaml:3 in .*overlays\/prod and .*overlays\/prod\): diff the folders that hold the bases/m;

it('two overlay folders whose base lies above them: a note names the build, the report and exit code are unchanged', async () => {
  const co1 = await tempFolder(checkout(APPS), 'reachdiff-co1-');
  const co2 = await tempFolder(checkout(APPS.replace('ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]', 'ingress: [{}]')), 'reachdiff-co2-');
  const out = await main(['diff', join(co1, 'overlays/prod'), join(co2, 'overlays/prod')]);
  expect(out.stdout).toMatch(/^No change in allowed connectivity\./);
  expect(out.exitCode).toBe(0);
  expect(out.stderr).toMatch(NOTE);
  // The repository roots, narrowed with --path: the change is seen, and nothing is noted.
  const roots = await main(['diff', co1, co2, '--path', 'overlays/prod/**']);
  expect(roots.stdout).toMatch(/^\d+ paths? opened/);
  expect(roots.stderr).not.toMatch(/^note: each folder/m);
});
