/**
 * The render cache (kustomize/render-cache.ts) keeps several renders of one folder, one per distinct set of
 * texts it read. The rollback search alternates between reverts that touch a file a build reads and reverts
 * that do not; a cache of one render per folder replaced it at every turn and rendered again
 * (re20-monosense 9f15e0b: 753 renders of head's builds for 1,268 reloads).
 */
import { clearRenderCache, renderCached } from '../../src/kustomize/index.js';
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

it('a render whose inputs changed is not reused, and a failed build is not kept', () => {
  const counter = { renders: 0 };
  const other = new Map([...head, ['app/policy.yaml', 'kind: NetworkPolicy # other\n']]);
  renderCached(head, 'app', countingRenderer(head, counter));
  renderCached(other, 'app', countingRenderer(other, counter));
  expect(counter.renders).toBe(2);
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
