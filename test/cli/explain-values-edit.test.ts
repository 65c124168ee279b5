/**
 * `explain` of a path a chart's render denies, where a Helm values file decides the selector's value: the first
 * edit is that environment's values file line, not the template every environment renders (new-user trial 37:
 * only edits to charts/shop/templates/api.yaml were suggested, which would change shop-dev's policy too).
 * Fixture test/fixtures/helm-environments: charts/shop rendered by Applications shop-dev and shop-prod, the
 * ingress namespace from `.Values.ingressNamespace`; head sets prod's to ingress-dev. Its render.sh stands in for helm.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { editedCopy, withStandInHelm } from '../helpers/stand-in-helm.js';

const BASE = join(process.cwd(), 'test', 'fixtures', 'helm-environments', 'base');
const ask = ['--from', 'ingress-prod/ingress', '--to', 'shop-prod/api', '--port', '8080'];

test('the first edit sets the value in the values file of the environment that renders the policy', async () => {
  const head = await editedCopy(BASE, { 'charts/shop/values-prod.yaml': ['ingress-prod', 'ingress-dev'] });
  const { value: out } = await withStandInHelm(() => main(['explain', head, ...ask]));
  expect(out.exitCode).toBe(1);
  expect(out.stdout).toContain(
    [
      '  smallest edits that would allow it:',
      '    1. set ingressNamespace to ingress-prod in the values of Application shop-prod (argocd/shop-prod.yaml:1) (opens nothing else; closes 1 path) at charts/shop/values-prod.yaml:1',
      '       charts/shop/templates/api.yaml:30 writes ingress-dev from .Values.ingressNamespace, which shop-dev renders too with its own values',
      '         ingressNamespace: ingress-prod',
      '    2. add ingress-prod/ingress[Deployment] to the from of NetworkPolicy shop-prod/api ingress rule 1',
    ].join('\n'),
  );
  expect(out.stdout).toContain('  edits to charts/shop/templates/api.yaml change what shop-dev renders too (not evaluated there); the values edit changes Application shop-prod only');
  const { value: json } = await withStandInHelm(() => main(['explain', head, ...ask, '--format', 'json']));
  const ingress = (JSON.parse(json.stdout) as { explain: { directions: { direction: string; valueEdits?: unknown[] }[] } }).explain.directions.find((d) => d.direction === 'ingress');
  expect(ingress?.valueEdits).toEqual([expect.objectContaining({ key: 'ingressNamespace', from: 'ingress-dev', to: 'ingress-prod', ref: { file: 'charts/shop/values-prod.yaml', line: 1 }, template: { file: 'charts/shop/templates/api.yaml', line: 30 } })]);
});

test('a value the template writes as it is (no values) gets no values edit', async () => {
  const head = await editedCopy(BASE, { 'charts/shop/templates/api.yaml': ['kubernetes.io/metadata.name: {{ .Values.ingressNamespace }}', 'kubernetes.io/metadata.name: ingress-dev'] });
  const { value: out } = await withStandInHelm(() => main(['explain', head, ...ask]));
  expect(out.stdout).toContain('    1. add ingress-prod/ingress[Deployment] to the from of NetworkPolicy shop-prod/api ingress rule 1');
  expect(out.stdout).not.toContain('in the values of');
});

test("values edits are ranked as the other edits: one in another client's policy is left out when the subject's own opens as little", async () => {
  // allow-backup (first in the template) admits namespace backup, written from .Values.backupNamespace: setting it to
  // ingress-prod would also allow the asked path, by taking backup's access away. api's own value comes first, alone.
  const ALLOW_BACKUP = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-backup\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: {{ .Values.backupNamespace }}\n      ports:\n        - port: 8080\n---\n';
  const head = await editedCopy(BASE, {
    'charts/shop/values-prod.yaml': ['ingress-prod', 'ingress-dev'],
    'charts/shop/values.yaml': ['ingressNamespace: ingress\n', 'ingressNamespace: ingress\nbackupNamespace: backup\n'],
    'charts/shop/templates/api.yaml': ['---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n', `---\n${ALLOW_BACKUP}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n`],
    'platform/namespaces.yaml': ['---\napiVersion: v1\nkind: Namespace\n', '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: backup\n---\napiVersion: v1\nkind: Namespace\n'],
    'render.sh': ['-e "s/{{ .Values.ingressNamespace }}/$ns/"', '-e "s/{{ .Values.ingressNamespace }}/$ns/" -e "s/{{ .Values.backupNamespace }}/backup/"'],
  });
  const { value: json } = await withStandInHelm(() => main(['explain', head, ...ask, '--format', 'json']));
  const ingress = (JSON.parse(json.stdout) as { explain: { directions: { direction: string; valueEdits?: { key: string }[]; nearMisses?: { policy: string }[] }[] } }).explain.directions.find((d) => d.direction === 'ingress');
  // Both policies are near misses whose value a values file gives.
  expect(ingress?.nearMisses?.map((m) => m.policy)).toEqual(expect.arrayContaining(['shop-prod/allow-backup', 'shop-prod/api']));
  expect(ingress?.valueEdits?.map((e) => e.key)).toEqual(['ingressNamespace']);
});
