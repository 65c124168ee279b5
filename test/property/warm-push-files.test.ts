/**
 * A warm process's events equal cold analyses where what is kept is keyed by the files themselves: each
 * list's texts and the comparison of a head list with a base list (manifests/texts-by-path.ts), each list's
 * builds and kustomization folders (targets/unread-files.ts), a base side's documents for the rollback's
 * scope (targets/side-reuse.ts `keptBaseDocuments`), the changed paths and written texts read through each
 * side's index (targets/analyze-targets.ts). A pull request's events are drawn as the App meets them: heads
 * edited one from the other, the base files handed as the very same list again (a warm process keeps its
 * targets' lists) or read afresh, and now and then another base (the pull request rebased, or another pull
 * request on the same worker). Objects are laid out flat, or in a folder whose kustomization lists some of
 * them (the others are held and not read), and a head may add a file copying a document base has elsewhere
 * (a revert must not delete it). Every event's JSON must be a cold process's, whose lists are fresh
 * objects, so no cache keyed by a list answers it.
 *
 * A wrong key there rarely shows in a whole report (the objects a change removes matter only where a removed
 * policy's pods lose their Service too), so the second property asks each kept answer directly, event after
 * event, against the same answer computed from scratch: lists with repeated paths, rendered streams,
 * several builds and kustomizations under several names, the very same lists handed again and fresh ones.
 */
import fc from 'fast-check';
import type { ManifestFile } from '../../src/manifests/load.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets, changedPaths } from '../../src/targets/analyze-targets.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import { BaseDocuments } from '../../src/analysis/rollback-scope.js';
import { compareLists, differingBoth, textsByPath } from '../../src/manifests/texts-by-path.js';
import { splitBuilds } from '../../src/manifests/builds.js';
import { KUSTOMIZATION_FILE_NAMES, isKustomizationPath, kustomizationDirs, referencedFiles } from '../../src/kustomize/index.js';
import { keptBaseDocuments, keptSideIndex } from '../../src/targets/side-reuse.js';
import { unreadFiles } from '../../src/targets/unread-files.js';
import { baseName, dirOf } from '../../src/util/repo-paths.js';
import type { Scenario } from './arbitraries.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

/** How objects are laid out: flat, or under `app/` whose kustomization lists the files `listed` picks (cycling). */
interface Layout {
  readonly kustomized: boolean;
  readonly listed: readonly boolean[];
  /** A head file copying base's file at this place (modulo their number), under another path. */
  readonly copy?: number;
}

function laidOut(s: Scenario, layout: Layout, base?: readonly ManifestFile[]): ManifestFile[] {
  const files = objectFiles(s);
  const copied = base && layout.copy !== undefined && base.length > 0 ? [{ path: `copies/${base[layout.copy % base.length].path.replaceAll('/', '-')}`, text: base[layout.copy % base.length].text }] : [];
  if (!layout.kustomized) return [...files, ...copied];
  const inApp = files.map((f) => ({ path: `app/${f.path.replaceAll('/', '-')}`, text: f.text }));
  const listed = inApp.filter((_, i) => layout.listed[i % layout.listed.length]).map((f) => f.path.slice('app/'.length));
  const kustomization = { path: 'app/kustomization.yaml', text: `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${listed.map((p) => `  - ${p}\n`).join('')}` };
  return [kustomization, ...inApp, ...copied];
}

const layoutArb: fc.Arbitrary<Layout> = fc.record({
  kustomized: fc.boolean(),
  listed: fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
  copy: fc.option(fc.nat(), { nil: undefined }),
});

/** One event: which base (0 or 1), which head (its place among the heads), whether the base list is read afresh. */
const eventArb = fc.record({ base: fc.constantFrom(0, 0, 0, 1), head: fc.nat(2), reread: fc.boolean(), copy: fc.boolean() });

const pullRequest = clusterArb({ minPods: 2, maxPods: 5, maxPolicies: 4 }).chain((b0) =>
  fc.tuple(
    fc.constant(b0),
    editedScenario(b0, 'r'),
    editedScenario(b0).chain((h1) => editedScenario(h1, 'n').chain((h2) => editedScenario(h2, 'm').map((h3) => [h1, h2, h3]))),
  ),
);

/** Fresh objects and a fresh list with the same content, as a cold process (or the App's next event) reads them. */
const reread = (files: readonly ManifestFile[]): ManifestFile[] => files.map((f) => ({ path: f.path, text: f.text }));

/** No time bound on the rollback search (its evaluation bound stays): a loaded machine must not stop a cold and a warm run at different points. */
const options = { baseKey: 'tree', rollbackMaxMillis: 3_600_000 };

describe('warm events keyed by their files', () => {
  afterAll(clearWarmState);

  it('report exactly what a cold process reports, event after event', async () => {
    await fc.assert(
      fc.asyncProperty(pullRequest, layoutArb, fc.array(eventArb, { minLength: 3, maxLength: 5 }), async ([b0, b1, heads], layout, events) => {
        const bases = [laidOut(b0, layout), laidOut(b1, layout)];
        const sides = events.map((e) => {
          const base = bases[e.base];
          return { base, head: laidOut(heads[e.head], e.copy ? layout : { ...layout, copy: undefined }, base) };
        });
        const cold: string[] = [];
        for (const { base, head } of sides) {
          clearWarmState();
          cold.push(targetsJson(await analyzeTargets(reread(base), reread(head), { ...options, baseKey: `tree-${bases.indexOf(base)}` })));
        }
        clearWarmState();
        for (const [i, { base, head }] of sides.entries()) {
          const warm = targetsJson(await analyzeTargets(events[i].reread ? reread(base) : base, reread(head), { ...options, baseKey: `tree-${bases.indexOf(base)}` }));
          expect(warm).toBe(cold[i]);
        }
      }),
      params(40),
    );
  }, 900_000);
});

/** Paths and texts of a small repository: kustomizations under each name Kustomize tries, listing some of the others. */
const PATHS = ['a/x.yaml', 'a/y.yaml', 'a/kustomization.yaml', 'a/Kustomization', 'a/sub/w.yaml', 'b/z.yaml', 'b/kustomization.yml', 'c.yaml'];
const TEXTS = ['kind: Namespace\nmetadata:\n  name: one\n', 'kind: Namespace\nmetadata:\n  name: two\n---\nkind: Namespace\nmetadata:\n  name: three\n', 'resources:\n- x.yaml\n', 'resources:\n- y.yaml\n- sub/w.yaml\n', 'resources:\n- z.yaml\n', ''];

const fileArb: fc.Arbitrary<ManifestFile> = fc
  .record({ path: fc.constantFrom(...PATHS), text: fc.constantFrom(...TEXTS), build: fc.option(fc.constantFrom('one', 'two'), { nil: undefined }), rendered: fc.boolean() })
  .map(({ path, text, build, rendered }) => ({ path, text, ...(build ? { build } : {}), ...(rendered && path === 'c.yaml' ? { sourceLines: [{ file: 'a/x.yaml', line: 1 }] } : {}) }));
const listArb = fc.array(fileArb, { maxLength: 10 });

/** What `unreadFiles` answers, computed from scratch over the whole list. */
function unreadFromScratch(files: readonly ManifestFile[], among: ReadonlySet<string>): Map<string, string> {
  const unread = new Map<string, string>();
  const read = new Set<string>();
  const rank = (p: string) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).indexOf(baseName(p));
  for (const build of splitBuilds(files)) {
    const held = build.filter((f) => among.has(f.path) && !f.sourceLines);
    const folders = new Map<string, string>();
    for (const f of build) {
      const there = folders.get(dirOf(f.path));
      if (isKustomizationPath(f.path) && (there === undefined || rank(f.path) < rank(there))) folders.set(dirOf(f.path), f.path);
    }
    const texts = new Map(build.map((f) => [f.path, f.text]));
    const named = referencedFiles(texts, kustomizationDirs(texts));
    for (const f of held) {
      if (!isKustomizationPath(f.path) && folders.has(dirOf(f.path)) && !named.has(f.path)) unread.set(f.path, folders.get(dirOf(f.path))!);
      else read.add(f.path);
    }
  }
  for (const p of read) unread.delete(p);
  return unread;
}

/** Head's files that base does not hold as they are (path and text, the last file of a path counting), in head's order. */
const differingFromScratch = (base: readonly ManifestFile[], head: readonly ManifestFile[]) => {
  const texts = new Map(base.map((f) => [f.path, f.text]));
  return head.filter((f) => texts.get(f.path) !== f.text);
};

/** A repository's files of a list: the first file of each path, its path and text only (kept per list: the same list gives the same files). */
const repositories = new WeakMap<readonly ManifestFile[], ManifestFile[]>();
function repository(files: readonly ManifestFile[]): ManifestFile[] {
  let known = repositories.get(files);
  if (!known) {
    const seen = new Set<string>();
    known = files.flatMap((f) => (seen.has(f.path) ? [] : (seen.add(f.path), [{ path: f.path, text: f.text }])));
    repositories.set(files, known);
  }
  return known;
}

describe('answers kept per list and per side', () => {
  afterAll(clearWarmState);

  it('are the answers computed from scratch, event after event', () => {
    const event = fc.record({ base: fc.nat(1), head: listArb, again: fc.boolean(), reread: fc.boolean(), among: fc.subarray(PATHS) });
    fc.assert(
      fc.property(listArb, listArb, fc.array(event, { minLength: 2, maxLength: 6 }), (b0, b1, events) => {
        clearWarmState();
        let last: ManifestFile[] | undefined;
        for (const e of events) {
          const base = e.reread ? reread([b0, b1][e.base]) : [b0, b1][e.base];
          // The same head list again (a push of no manifest), or the event's own.
          const head = e.again && last ? last : e.head;
          last = head;
          const among = new Set(e.among);
          for (const [x, y] of [[base, head], [head, base]]) {
            const { headDiffering, same } = compareLists(x, y);
            expect(headDiffering).toEqual(differingFromScratch(x, y));
            expect([...same].sort()).toEqual([...new Set(y.filter((f) => !differingFromScratch(x, [f]).length).map((f) => f.path))].sort());
            expect([...textsByPath(x)]).toEqual([...new Map(x.map((f) => [f.path, f.text]))]);
            expect([...unreadFiles(y, among)].sort()).toEqual([...unreadFromScratch(y, among)].sort());
            const both = differingBoth(x, y);
            expect(both.base).toEqual(differingFromScratch(y, x));
            expect(both.head).toEqual(differingFromScratch(x, y));
          }
          // A side's index is of a repository's files: one per path, as written (no build, no stream).
          const [baseFiles, headFiles] = [repository(base), repository(head)];
          const [baseSide, headSide] = [keptSideIndex(baseFiles), keptSideIndex(headFiles)];
          const before = new Map(baseFiles.map((f) => [f.path, f.text]));
          const after = new Set(headFiles.map((f) => f.path));
          const expected = [...headFiles.filter((f) => before.get(f.path) !== f.text), ...baseFiles.filter((f) => !after.has(f.path))].map((f) => f.path);
          expect([...changedPaths(baseFiles, headFiles, baseSide.files, headSide.files)]).toEqual([...new Set(expected)]);
          const documents = keptBaseDocuments(baseSide);
          const scratch = new BaseDocuments(baseFiles);
          for (const t of TEXTS) expect(documents.had(t)).toBe(scratch.had(t));
        }
      }),
      params(300),
    );
  });
});
