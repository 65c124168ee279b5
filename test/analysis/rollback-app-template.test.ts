/**
 * In a Kustomize build, a rule added to an app-template release's `values.networkpolicies` opens a path
 * and reverting the HelmRelease document closes it: the rollback names that document. Before, a source
 * HelmRelease was judged a document of no kind the model reads (rollback-relevance.ts) and was no
 * candidate (new-user trial 43, finding 5: mchestr 3fad53f7f read "Even reverting every changed document
 * leaves 2 opened paths" with no rollback).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

const RULE = (from: string) => ['            - from:', `                - ${from}`, '              ports: [{protocol: TCP, port: 8123}]'];

function release(rules: string[]): string {
  return [
    'apiVersion: helm.toolkit.fluxcd.io/v2',
    'kind: HelmRelease',
    'metadata:',
    '  name: hass',
    'spec:',
    '  chartRef: {kind: OCIRepository, name: app-template}',
    '  values:',
    '    controllers:',
    '      main:',
    '        containers:',
    '          app:',
    '            image: {repository: example/hass}',
    '    networkpolicies:',
    '      home:',
    '        controller: main',
    '        policyTypes: [Ingress]',
    '        rules:',
    '          ingress:',
    ...rules,
    '',
  ].join('\n');
}

const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: i}]}\n';
const KUSTOMIZATION = 'namespace: default\nresources:\n- hass.yaml\n- client.yaml\n';
const NETWORKING = RULE('namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: networking}}');

it('reverting the HelmRelease whose networkpolicies gained a rule is the rollback', async () => {
  const dir = sideTreesSync({
    base: { 'app/kustomization.yaml': KUSTOMIZATION, 'app/client.yaml': client, 'app/hass.yaml': release(NETWORKING) },
    head: { 'app/kustomization.yaml': KUSTOMIZATION, 'app/client.yaml': client, 'app/hass.yaml': release([...NETWORKING, ...RULE('podSelector: {matchLabels: {app: client}}')]) },
  });
  const out = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json']);
  const json = JSON.parse(out.stdout) as { summary: { opened: number }; rollback: { remainingOpened: number; notes: string[]; documents: { file: string; change: string }[] } };
  expect(json.summary.opened).toBeGreaterThan(0);
  expect(json.rollback.documents.map((d) => [d.change, d.file])).toEqual([['edited', 'app/hass.yaml']]);
  expect(json.rollback.remainingOpened).toBe(0);
  expect(json.rollback.notes).toEqual([]);
});
