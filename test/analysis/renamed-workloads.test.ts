/**
 * A workload renamed with the same pods (a Kustomize `namePrefix` added to an overlay): its paths are
 * compared as one workload's, so the rename alone changes nothing (new-user trial 37 #9: "1 path opened,
 * 1 path closed", exit 1, for `namePrefix: stg-`), while a path the same change does open is still told.
 */
import { main } from '../../src/cli/main.js';
import { renamedWorkloads } from '../../src/analysis/renamed-workloads.js';
import type { Workload } from '../../src/engine/index.js';
import { tempFolderSync } from '../helpers/git.js';

const deploy = (name: string, app: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}\n`;
const policy = (name: string, from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: ${from}}}}]\n      ports: [{port: http}]\n`;
const BASE = { 'app/kustomization.yaml': 'resources: [web.yaml, api.yaml, np.yaml]\n', 'app/web.yaml': deploy('web', 'web'), 'app/api.yaml': deploy('api', 'api'), 'app/np.yaml': policy('api', 'web') };

interface Json {
  pairs: { src: { id: string }; dst: { id: string }; opened?: unknown; closed?: unknown }[];
  workloads: { added: string[]; removed: string[]; renamed?: { from: string; to: string }[] };
}

async function diff(head: Record<string, string>, extraBase: Record<string, string> = {}) {
  const out = await main(['diff', tempFolderSync({ ...BASE, ...extraBase }, 'reachdiff-rename-'), tempFolderSync({ ...BASE, ...extraBase, ...head }, 'reachdiff-rename-'), '--format', 'json']);
  const text = await main(['diff', tempFolderSync({ ...BASE, ...extraBase }, 'reachdiff-rename-'), tempFolderSync({ ...BASE, ...extraBase, ...head }, 'reachdiff-rename-')]);
  return { json: JSON.parse(out.stdout) as Json, code: out.exitCode, text: text.stdout };
}
const paths = (j: Json) => j.pairs.map((p) => `${p.src.id} => ${p.dst.id}${p.opened ? ' opened' : ''}${p.closed ? ' closed' : ''}`);

describe('workloads renamed with the same pods', () => {
  it('a namePrefix added: no path changes, exit 0, the renames listed (JSON keeps them in added and removed too)', async () => {
    const { json, code, text } = await diff({ 'app/kustomization.yaml': 'namePrefix: stg-\nresources: [web.yaml, api.yaml, np.yaml]\n' });
    expect(paths(json)).toEqual([]);
    expect(code).toBe(0);
    expect(json.workloads.renamed).toEqual([
      { from: 'shop/api[Deployment]', to: 'shop/stg-api[Deployment]' },
      { from: 'shop/web[Deployment]', to: 'shop/stg-web[Deployment]' },
    ].sort((a, b) => json.workloads.added.indexOf(a.to) - json.workloads.added.indexOf(b.to)));
    expect(json.workloads.added.sort()).toEqual(['shop/stg-api[Deployment]', 'shop/stg-web[Deployment]']);
    expect(text).toContain('Workloads renamed, the same pods (their paths compared as one): ');
    expect(text).not.toContain('Workloads added');
    expect(text).not.toContain('unproven');
  });

  it('a path the change opens beside the rename is still told, with the new name', async () => {
    const { json, code } = await diff({ 'app/kustomization.yaml': 'namePrefix: stg-\nresources: [web.yaml, api.yaml, np.yaml, cron.yaml]\n', 'app/cron.yaml': deploy('cron', 'cron'), 'app/np.yaml': `${policy('api', 'web')}    - from: [{podSelector: {matchLabels: {app: cron}}}]\n      ports: [{port: http}]\n` });
    expect(paths(json)).toContain('shop/stg-cron[Deployment] => shop/stg-api[Deployment] opened');
    // Between the renamed workloads nothing changed; the new workload's own paths (to stg-web too) are told.
    expect(paths(json).filter((p) => !p.includes('cron'))).toEqual([]);
    expect(paths(json)).toContain('shop/stg-cron[Deployment] => shop/stg-web[Deployment] opened');
    expect(code).toBe(1);
  });

  it('labels changed with the name: not a rename, its paths told as before', async () => {
    const { json } = await diff({ 'app/web.yaml': deploy('frontend', 'frontend') });
    expect(json.workloads.renamed).toBeUndefined();
    expect(paths(json)).toContain('shop/web[Deployment] => shop/api[Deployment] closed');
  });

  it('several targets: the renames reach the combined JSON, and a target without a section of its own says them under the headline', async () => {
    const other = { 'other/kustomization.yaml': 'resources: [web.yaml]\n', 'other/web.yaml': deploy('web', 'web').replace('namespace: shop', 'namespace: blog') };
    const head = { 'app/kustomization.yaml': 'namePrefix: stg-\nresources: [web.yaml, api.yaml, np.yaml]\n' };
    const [b, h] = [tempFolderSync({ ...BASE, ...other }, 'reachdiff-rename-'), tempFolderSync({ ...BASE, ...other, ...head }, 'reachdiff-rename-')];
    const json = JSON.parse((await main(['diff', b, h, '--format', 'json'])).stdout) as Json;
    expect(json.workloads.renamed?.map((r) => r.to).sort()).toEqual(['shop/stg-api[Deployment]', 'shop/stg-web[Deployment]']);
    const text = (await main(['diff', b, h])).stdout;
    // Their findings (no policy isolates the renamed web) are base's, not new.
    expect(text).toMatch(/^No change in allowed connectivity \(2 targets\)\.$/m);
    expect(text).not.toContain('new finding');
    expect(text).toMatch(/^Workloads renamed in app, the same pods \(their paths compared as one\): shop\/(web|api)\[Deployment\] → shop\/stg-/m);
    const markdown = (await main(['diff', b, h, '--format', 'md'])).stdout;
    expect(markdown).toContain('> ℹ️ Workloads renamed in app, the same pods');
  });

  it('two alike workloads on a side: which became which cannot be told, none is paired', () => {
    const w = (name: string): Workload => ({ id: `shop/${name}[Deployment]`, namespace: 'shop', name, kind: 'Deployment', podLabels: { app: 'x' }, namedPorts: [], ref: { file: 'a.yaml', line: 1 } });
    expect(renamedWorkloads([w('b1'), w('b2')], [w('a1')])).toEqual([]);
    expect(renamedWorkloads([w('b1')], [w('a1')]).map((r) => [r.from.name, r.to.name])).toEqual([['a1', 'b1']]);
    expect(renamedWorkloads([{ ...w('b1'), kind: 'StatefulSet', id: 'shop/b1[StatefulSet]' }], [w('a1')])).toEqual([]);
  });
});
