/**
 * A changed values file of a chart nothing renders is said with the targets that use it, not every target of the
 * chart (new-user trial 37: charts/shop/values-prod.yaml, which only Application shop-prod names, was said as
 * rendered by "Argo CD Applications shop-dev, shop-prod"). A template change is every target's.
 * Fixture test/fixtures/helm-environments: charts/shop deployed by Applications shop-dev and shop-prod.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { withoutHelm } from '../helpers/without-helm.js';
import { editedCopy } from '../helpers/stand-in-helm.js';

const BASE = join(process.cwd(), 'test', 'fixtures', 'helm-environments', 'base');

test("a changed values file: only the Application naming it is said (was: both)", async () => {
  const head = await editedCopy(BASE, { 'charts/shop/values-prod.yaml': ['ingress-prod', 'ingress-dev'] });
  const out = await withoutHelm(() => main(['diff', BASE, head]));
  expect(out.stdout).toContain(
    'Note: Not analysed: a changed file of Helm chart charts/shop, which is not rendered: charts/shop/values-prod.yaml. Argo CD Application shop-prod renders it with Helm, but `helm` is not on the PATH',
  );
});

test('a changed template: every Application rendering the chart is said', async () => {
  const head = await editedCopy(BASE, { 'charts/shop/templates/api.yaml': ['port: 8080', 'port: 8081'] });
  const out = await withoutHelm(() => main(['diff', BASE, head]));
  expect(out.stdout).toContain('charts/shop/templates/api.yaml. Argo CD Applications shop-dev, shop-prod render it with Helm');
});
