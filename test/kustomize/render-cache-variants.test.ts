/**
 * The render cache (kustomize/render-cache.ts) keeps several renders of one folder, one per distinct set of
 * texts it read. The rollback search alternates between reverts that touch a file a build reads and reverts
 * that do not; a cache of one render per folder replaced it at every turn and rendered again
 * (re20-monosense 9f15e0b: 753 renders of head's builds for 1,268 reloads). A failed build is kept by its
 * questions to the files and their answers, the folders it reused from another build's render included
 * (1,005 failed renders there, reverts deleting a file a build names).
 */
import { clearRenderCache, renderCached } from '../../src/kustomize/index.js';
import { renderWithin } from '../../src/kustomize/render-one.js';
import type { Renderer } from '../../src/kustomize/render-one.js';
import type { RenderResult } from '../../src/kustomize/types.js';

/** A renderer of folder `app` that reads `app/kustomization.yaml` and `app/policy.yaml`, counting its renders; `fails`: a build that fails. */
function countingRenderer(files: ReadonlyMap<string, string>, counter: { renders: number }, fails = false): Renderer {
  return {
    render(dir) {
      counter.renders++;
      const used = new Map([...files.keys()].filter((p) => p.startsWith(`${dir}/`)).map((p) => [p, new Set(['resource' as const])]));
      return { dir, file: `${dir}/kustomization.yaml`, ok: !fails, objects: [], positions: undefined as unknown as RenderResult['positions'], diagnostics: [], used, includes: new Set() };
    },
  };
}

const kustomization = 'resources: [policy.yaml]\n';
const head = new Map([['app/kustomization.yaml', kustomization], ['app/policy.yaml', 'kind: NetworkPolicy # head\n']]);
const reverted = new Map([['app/kustomization.yaml', kustomization], ['app/policy.yaml', 'kind: NetworkPolicy # base\n']]);

beforeEach(() => clearRenderCache());

it('a folder rendered over alternating texts is rendered once per distinct texts', () => {
  const counter = { renders: 0 };
  const results = [head, reverted, head, reverted, new Map(head)].map((files) => renderCached(files, 'app', countingRenderer(files, counter)));
  expect(counter.renders).toBe(2);
  expect(results[2]).toBe(results[0]);
  expect(results[3]).toBe(results[1]);
  // Equal texts in another map are the same inputs.
  expect(results[4]).toBe(results[0]);
});

it('a render whose inputs changed is not reused, nor a failure without its questions', () => {
  const counter = { renders: 0 };
  const other = new Map([...head, ['app/policy.yaml', 'kind: NetworkPolicy # other\n']]);
  renderCached(head, 'app', countingRenderer(head, counter));
  renderCached(other, 'app', countingRenderer(other, counter));
  expect(counter.renders).toBe(2);
  // A failure that says nothing of what it asked of the files cannot be reused.
  renderCached(reverted, 'app', countingRenderer(reverted, counter, true));
  renderCached(reverted, 'app', countingRenderer(reverted, counter, true));
  expect(counter.renders).toBe(4);
});

it('renders with and without the load restrictor are kept apart', () => {
  const counter = { renders: 0 };
  renderCached(head, 'app', countingRenderer(head, counter));
  renderCached(head, 'app', countingRenderer(head, counter), 'LoadRestrictionsNone');
  renderCached(head, 'app', countingRenderer(head, counter), 'LoadRestrictionsNone');
  expect(counter.renders).toBe(2);
});

/** `renderWithin(files)`, counting its renders. */
function counted(files: ReadonlyMap<string, string>, counter: { renders: number }): Renderer {
  const renderer = renderWithin(files);
  return {
    render(dir, loadRestrictor) {
      counter.renders++;
      return renderer.render(dir, loadRestrictor);
    },
  };
}

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const failure = (r: RenderResult) => r.diagnostics.find((d) => d.code === 'KUSTOMIZE_BUILD_FAILED')?.message;

describe('a failed build is kept by what it asked of the files', () => {
  // The search's reverts that delete a file a build names fail over and over, beside different other files.
  const broken = new Map([['app/kustomization.yaml', 'resources: [ns.yaml, policy.yaml]\n'], ['app/ns.yaml', ns], ['other/notes.yaml', 'kind: ConfigMap # 1\n']]);

  it('files the build never asked about may differ', () => {
    const counter = { renders: 0 };
    const first = renderCached(broken, 'app', counted(broken, counter));
    expect(first.ok).toBe(false);
    const elsewhere = new Map([...broken, ['other/notes.yaml', 'kind: ConfigMap # 2\n']]);
    expect(renderCached(elsewhere, 'app', counted(elsewhere, counter))).toBe(first);
    expect(counter.renders).toBe(1);
  });

  it('a file it found missing, restored, builds', () => {
    const counter = { renders: 0 };
    renderCached(broken, 'app', counted(broken, counter));
    const restored = new Map([...broken, ['app/policy.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p, namespace: shop}\n']]);
    expect(renderCached(restored, 'app', counted(restored, counter)).ok).toBe(true);
    expect(counter.renders).toBe(2);
  });

  it("a folder reused from another build's render counts as asked (its files changed: built again)", () => {
    const repo = new Map([
      ['base/kustomization.yaml', 'resources: [ns.yaml]\n'],
      ['base/ns.yaml', ns],
      ['b/kustomization.yaml', 'resources: [../base]\n'],
      ['a/kustomization.yaml', 'resources: [../base, own.yaml]\n'],
    ]);
    const counter = { renders: 0 };
    const shared = counted(repo, counter);
    expect(renderCached(repo, 'b', shared).ok).toBe(true);
    // a reuses base as b built it, then fails on its own file.
    expect(failure(renderCached(repo, 'a', shared))).toContain('resource own.yaml');
    const baseBroken = new Map([...repo, ['base/kustomization.yaml', 'resources: [ns.yaml, gone.yaml]\n']]);
    expect(failure(renderCached(baseBroken, 'a', counted(baseBroken, counter)))).toContain('resource gone.yaml');
    expect(counter.renders).toBe(3);
  });
});
