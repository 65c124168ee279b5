/**
 * A change whose paths end in a namespace an unrendered Helm chart deploys into is said as not analysed in
 * full, under the verdict (new-user trial 36: a plain policy admitting 0.0.0.0/0 and every namespace to the web
 * pods of an Argo CD Application's chart, whose default-deny the App does not render, read "🔒 10 paths
 * closed", neutral, with the chart's footnote among the collapsed notes). A change into another namespace gets
 * no such note. Fixture test/fixtures/unrendered-chart-namespace (no helm on the PATH, as in the App).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { withoutHelm } from '../helpers/without-helm.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'unrendered-chart-namespace');

test('paths into the namespace the chart deploys into: not analysed in full, right under the verdict', async () => {
  const out = await withoutHelm(() => main(['diff', join(FIX, 'base'), join(FIX, 'head')]));
  const [verdict, , note] = out.stdout.split('\n');
  expect(verdict).toBe('1 path closed; Application platform is synced by hand: this change deploys there when someone syncs it, not on merge (see the notes); 2 new findings.');
  expect(note).toBe(
    'Note: Not analysed in full: Helm chart charts/shop, which Argo CD Application shop deploys into namespace shop, is not rendered, and this change opens or closes paths into it: ' +
      "the chart's workloads and policies (a default-deny among them, often) are in no analysis, so those paths are told for pods the manifests do not hold and may differ " +
      '(see docs/targets.md, "Helm charts and other rendered manifests").',
  );
});

test('paths into another namespace: no such note', async () => {
  const out = await withoutHelm(() => main(['diff', join(FIX, 'base'), join(FIX, 'head-monitoring'), '--format', 'json']));
  const notices = (JSON.parse(out.stdout) as { notices: { code: string }[] }).notices;
  expect(notices.map((n) => n.code)).toEqual(['MANUAL_SYNC', 'CHART_NOT_RENDERED']);
});
