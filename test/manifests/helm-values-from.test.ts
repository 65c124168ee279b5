/**
 * An app-template HelmRelease whose values a kustomization's configMapGenerator makes (`valuesFrom: kind
 * ConfigMap` naming the generator; the ConfigMap named with Kustomize's hash): its controllers are read from those
 * values, merged under `spec.values`, as helm-controller composes them (manifests/helm-values-from.ts). Read from
 * `spec.values` alone, moving an app's values into such a file read as the app removed (real repositories 38).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

type Files = Record<string, string>;
const VALUES = (label: string) => ['controllers:', '  main:', '    pod:', `      labels: {role: ${label}}`, '    containers:', '      app:', '        image: {repository: example/hass}', '        ports: [{name: http, containerPort: 8123}]', ''].join('\n');
const inline = (values: string) => values.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
const release = (valuesFrom: string, values = '') => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: hass\nspec:\n  chart:\n    spec: {chart: app-template, version: 4.1.1, sourceRef: {kind: HelmRepository, name: bjw-s}}\n${valuesFrom}${values ? `  values:\n${values}` : ''}`;
const FROM = '  valuesFrom:\n  - kind: ConfigMap\n    name: hass-values\n';
const client = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: client}\nspec:\n  selector: {matchLabels: {app: client}}\n  template:\n    metadata: {labels: {app: client}}\n    spec: {containers: [{name: c, image: i}]}\n';
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: hass}\nspec:\n  podSelector: {matchLabels: {role: home}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: client}}}]\n    ports: [{port: http}]\n';
const K = 'namespace: home\nresources:\n- hass.yaml\n- client.yaml\n- np.yaml\n';
const GENERATOR = 'configMapGenerator:\n- name: hass-values\n  files:\n  - values.yaml=./helm-values.yaml\n';
const inlineSide: Files = { 'app/kustomization.yaml': K, 'app/hass.yaml': release('', inline(VALUES('home'))), 'app/client.yaml': client, 'app/np.yaml': policy };
const generated = (values: string, extra: Files = {}): Files => ({ 'app/kustomization.yaml': K + GENERATOR, 'app/hass.yaml': release(FROM), 'app/helm-values.yaml': values, 'app/client.yaml': client, 'app/np.yaml': policy, ...extra });

interface DiffJson {
  summary: { opened: number; closed: number };
  workloads: { added: unknown[]; removed: { id: string }[] };
  pairs: { why?: { opened?: { ref?: { file: string; line: number } }[] } }[];
  warnings: { message: string }[];
}

async function diff(base: Files, head: Files): Promise<DiffJson & { text: string }> {
  const dir = sideTreesSync({ base, head });
  const [out, text] = await Promise.all(['json', 'text'].map((format) => main(['diff', join(dir, 'base'), join(dir, 'head'), '--format', format, '--fail-on', 'never'])));
  expect(out.stderr).not.toMatch(/\n\s+at /);
  return { ...(JSON.parse(out.stdout) as DiffJson), text: text.stdout };
}

describe("an app-template release's values from a ConfigMap its kustomization generates", () => {
  it('values moved from spec.values into the generated ConfigMap: the same workload, no path changed, valuesFrom not said unread', async () => {
    const json = await diff(inlineSide, generated(VALUES('home')));
    expect(json.workloads.removed).toEqual([]);
    expect(json.workloads.added).toEqual([]);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(json.warnings.map((w) => w.message).filter((m) => m.includes('valuesFrom'))).toEqual([]);
    // Neither the values file nor the release's valuesFrom is said not analysed: both are read.
    expect(json.text).not.toContain('Not analysed');
  });

  it("a label changed in the values file leaves the pods unselected: paths open, cited at the values file's line", async () => {
    const json = await diff(generated(VALUES('home')), generated(VALUES('other')));
    expect(json.workloads.removed).toEqual([]);
    expect(json.summary.opened).toBeGreaterThan(0);
    const refs = json.pairs.flatMap((p) => p.why?.opened ?? []).map((w) => w.ref && `${w.ref.file}:${w.ref.line}`);
    expect(refs).toContain('app/helm-values.yaml:4');
    expect(json.text).not.toContain('Not analysed');
  });

  it('a change to values the app-template reader leaves unread (rawResources) is still said not analysed', async () => {
    const raw = `${VALUES('home')}rawResources:\n  deny:\n    kind: CiliumNetworkPolicy\n    spec: {}\n`;
    const json = await diff(generated(VALUES('home')), generated(raw));
    expect(json.text).toContain('Not analysed: a changed Helm values file outside any chart, which nothing here renders: app/helm-values.yaml');
  });

  it('spec.values is merged over the ConfigMap values (its label wins)', async () => {
    const head = generated(VALUES('other'), { 'app/hass.yaml': release(FROM, '    controllers:\n      main:\n        pod:\n          labels: {role: home}\n') });
    const json = await diff(inlineSide, head);
    expect(json.workloads.removed).toEqual([]);
    expect(json.summary).toMatchObject({ opened: 0, closed: 0 });
  });

  it('a ConfigMap the build does not hold: valuesFrom is said not read, as before', async () => {
    const head: Files = { ...generated(VALUES('home')), 'app/kustomization.yaml': K };
    const json = await diff(inlineSide, head);
    expect(json.warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('spec.valuesFrom is not read'));
  });
});
