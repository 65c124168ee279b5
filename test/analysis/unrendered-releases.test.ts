/**
 * A Flux HelmRelease that both sides define and only one side renders (an app-template release moved to
 * another chart, or the reverse) is not analysed, as its note says: its controllers are neither removed
 * nor added. Before, re46's GiorgioAresu d3eb94ce (onepassword-connect moved from app-template to the
 * vendor's chart) read "Removes external-secrets/onepassword-connect", 89 paths closed.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

const APP_TEMPLATE = [
  'apiVersion: helm.toolkit.fluxcd.io/v2',
  'kind: HelmRelease',
  'metadata: {name: connect}',
  'spec:',
  '  chartRef: {kind: OCIRepository, name: app-template}',
  '  values:',
  '    controllers:',
  '      connect:',
  '        containers:',
  '          app:',
  '            image: {repository: example/connect}',
  '',
].join('\n');

const VENDOR_CHART = ['apiVersion: helm.toolkit.fluxcd.io/v2', 'kind: HelmRelease', 'metadata: {name: connect}', 'spec:', '  chartRef: {kind: OCIRepository, name: connect}', '  values:', '    connect: {serviceType: ClusterIP}', ''].join('\n');

const CLIENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client, namespace: web}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: i}]}\n';
const KUSTOMIZATION = 'namespace: secrets\nresources:\n- release.yaml\n';

interface Json {
  readonly summary: { readonly opened: number; readonly closed: number };
  readonly workloads?: { readonly added?: readonly unknown[]; readonly removed?: readonly unknown[] };
  readonly notices?: readonly { readonly message: string }[];
}

async function diff(base: string, head: string, kustomized: boolean): Promise<Json> {
  const side = (release: string): Record<string, string> =>
    kustomized ? { 'app/kustomization.yaml': KUSTOMIZATION, 'app/release.yaml': release, 'client.yaml': CLIENT } : { 'release.yaml': release.replace('metadata: {name: connect}', 'metadata: {name: connect, namespace: secrets}'), 'client.yaml': CLIENT };
  const dir = sideTreesSync({ base: side(base), head: side(head) });
  const out = await main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', 'json']);
  return JSON.parse(out.stdout) as Json;
}

describe.each([false, true])('an app-template release moved to a chart not rendered (Kustomize build: %s)', (kustomized) => {
  it('keeps its controllers as base reads them, the release said not analysed', async () => {
    const json = await diff(APP_TEMPLATE, VENDOR_CHART, kustomized);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.workloads?.removed ?? []).toEqual([]);
    expect(json.notices?.some((n) => /Not analysed: .*Flux HelmRelease (secrets\/)?connect\b/.test(n.message))).toBe(true);
  });

  it('and the reverse adds no controller', async () => {
    const json = await diff(VENDOR_CHART, APP_TEMPLATE, kustomized);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.workloads?.added ?? []).toEqual([]);
  });
});

it('an app-template release whose head values make no controller still removes them', async () => {
  const json = await diff(APP_TEMPLATE, APP_TEMPLATE.replace(/ {4}controllers:[\s\S]*$/, '    controllers: {}\n'), false);
  expect(json.summary.closed).toBeGreaterThan(0);
});
