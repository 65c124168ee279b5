/**
 * Flux substitutes `${VAR}` in the output of `kustomize build`, object by object, never in the files the
 * build reads (fluxcd/pkg kustomize `SubstituteVariables`; Flux's Kustomization API reference, "Post build
 * variable substitution"). reachdiff substituted the files before its build: a `${VAR}` in a patch target
 * matched where Flux's build matches nothing, and a `substitute: disabled` annotation the build adds
 * (`commonAnnotations`) was never seen. Fixture: test/fixtures/targets/n-flux-post-build (hand-written).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadManifests } from '../../src/manifests/load.js';
import { renderKustomization } from '../../src/kustomize/index.js';
import { substitutedObjects } from '../../src/manifests/post-build-substitution.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';
import { sideIndex, targetFiles } from '../../src/targets/target-files.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'targets', 'n-flux-post-build');

function readTree(dir: string): { path: string; text: string }[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
  return walk(dir).map((p) => ({ path: relative(dir, p), text: readFileSync(p, 'utf8') }));
}

async function loadTarget(name: string) {
  const side = sideIndex(new RepoFiles(readTree(FIX)));
  const target = discoverTargets(side).targets.find((t) => t.name === name)!;
  const tf = await targetFiles(target, side);
  return { tf, load: loadManifests(tf.files) };
}

describe('Flux post-build substitution runs on the build output', () => {
  it('a patch whose target names ${POLICY} changes nothing: the policy keeps its port, substituted after the build (an integer)', async () => {
    const { tf, load } = await loadTarget('shop');
    const policy = load.cluster.policies.find((p) => p.name === 'allow-web')!;
    expect(policy.id).toBe('shop/allow-web');
    expect(policy.ingress[0].ports).toEqual([expect.objectContaining({ protocol: 'TCP', port: 8080 })]);
    // Positions are the written files': the policy at its document, its rule at the line that writes it.
    expect(policy.ref).toEqual({ file: 'apps/shop/policy.yaml', line: 1 });
    expect(policy.ingress[0].ref).toEqual(expect.objectContaining({ file: 'apps/shop/policy.yaml', line: 11 }));
    // Values copied by the build are substituted too (commonLabels' ${TIER}); the loader builds the files as written.
    expect(load.cluster.workloads.map((w) => [w.id, w.podLabels.app, w.podLabels.tier])).toEqual([[expect.stringMatching(/shop\/shop/), 'shop', 'gold']]);
    expect(tf.files.find((f) => f.path === 'apps/shop/policy.yaml')?.written).toContain('${PORT}');
    expect(tf.notices).toEqual([]);
  });

  it('an object the build annotates `substitute: disabled` keeps its ${VAR}s; a quoted "${PORT}" stays a string', () => {
    const files = new Map([
      ['k/kustomization.yaml', 'resources: [cm.yaml]\ncommonAnnotations:\n  kustomize.toolkit.fluxcd.io/substitute: disabled\n'],
      ['k/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "${A}"}\n'],
      ['q/kustomization.yaml', 'resources: [cm.yaml]\n'],
      ['q/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: "${A}"\n  b: x${A}\n'],
    ]);
    const values = { A: '42' };
    const off = renderKustomization(files, 'k');
    expect(substitutedObjects(off.objects, off.positions, { values, writtenQuoted: () => false }, new Set())[0].value.data).toEqual({ a: '${A}' });
    const on = renderKustomization(files, 'q');
    const quoted = (t: string) => files.get('q/cm.yaml')!.includes(`"${t}"`);
    const [cm] = substitutedObjects(on.objects, on.positions, { values, writtenQuoted: quoted }, new Set());
    expect(cm.value.data).toEqual({ a: '42', b: 'x42' });
    // Positions travel with the copies.
    expect(on.positions.get(cm.value.data as object)).toEqual(on.positions.get(on.objects[0].value.data as object));
  });
});

/**
 * A rollback step edits the file, so it names the object as the file writes it (`${APP}` and all) and as the
 * cluster gets it (the name the diff's paths use): a document a kustomization builds, and a plain one.
 * Fixture: test/fixtures/targets/m-flux-substituted-edit, and the same without its kustomization file.
 */
describe('a rollback step names a substituted object as written and as substituted', () => {
  const M = join(process.cwd(), 'test', 'fixtures', 'targets', 'm-flux-substituted-edit');
  const stepLine = async (base: string, head: string) => {
    const out = await main(['diff', base, head, '--fail-on', 'never']);
    return out.stdout.split('\n').find((l) => /^\s+revert /.test(l));
  };
  const expected = '  revert NetworkPolicy/shop/shop-ingress, written as NetworkPolicy/${APP}-ingress (apps/shop/policy.yaml:2)';

  it('built by a kustomization', async () => {
    expect(await stepLine(join(M, 'base'), join(M, 'head'))).toBe(expected);
  });

  it('a plain file (Flux generates its kustomization)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-plain-'));
    cpSync(M, dir, { recursive: true });
    for (const side of ['base', 'head']) rmSync(join(dir, side, 'apps', 'shop', 'kustomization.yaml'));
    try {
      expect(await stepLine(join(dir, 'base'), join(dir, 'head'))).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
