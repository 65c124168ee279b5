/**
 * A warm process's next push equals a cold analysis of it, on random base / head / next-head triples:
 * the App keeps the base side, each side's targets, parsed files, region names and the last report
 * between events of a pull request (analysis/base-side.ts, report-reuse.ts, targets/side-reuse.ts), and
 * whatever it reuses must give the very JSON a fresh process gives. Heads are edited from base, and the
 * next head from head (objects of every kind edited, added and removed), so reuse meets changes on both
 * steps; one case in four pushes head again unchanged (the kept report), or goes back to base's files.
 * Objects are one per file, or bundled into two multi-document files (an edit then moves the lines of
 * objects in other namespaces), and the next push may shift one file's lines by a comment: what is
 * reused from the last push (explain-reuse.ts) must follow positions, not only content. A run of three
 * pushes, each compared with a cold run, covers what lasts longer than one push (compile.ts: rules over
 * the workloads' index, shared by every set of regions). Two next pushes are drawn on purpose: one that
 * changes no object the model reads (a comment appended to one of head's files: the same cluster, so head's
 * connectivity and findings are the last push's, analysis/head-side.ts), and one that changes only a
 * Namespace's labels (a cluster differing in one namespace: nothing of head's may be taken from the last push).
 * The abstract lines' region verdicts a next push takes from the last where the step did not reach
 * (exceptions-reuse.ts) are checked here too: taking every kept verdict whatever the step fails the
 * sequence test.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { ManifestFile } from '../../src/manifests/load.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { clearWarmState as clearAll } from '../../src/targets/warm-state.js';
import type { Scenario } from './arbitraries.js';
import { clusterArb, editedScenario } from './arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

/** Head again (`same`), base's files again (`base`), or head with a comment appended to one file (`commented`: the same model). */
type Next = 'same' | 'base' | 'commented';

const triple: fc.Arbitrary<[Scenario, Scenario, Scenario | Next]> = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) =>
  editedScenario(base).chain((head) =>
    fc
      .oneof(
        { arbitrary: editedScenario(head, 'n'), weight: 5 },
        { arbitrary: fc.constantFrom<Next>('same', 'base'), weight: 2 },
        { arbitrary: fc.constant<Next>('commented'), weight: 2 },
        { arbitrary: relabelled(head), weight: 2 },
      )
      .map((next) => [base, head, next] as [Scenario, Scenario, Scenario | Next]),
  ),
);

/** `s` with only one Namespace's labels changed (one label set, replaced or removed); `s` itself when it defines no namespace. */
function relabelled(s: Scenario): fc.Arbitrary<Scenario> {
  const names = s.cluster.namespaces.map((n) => n.name);
  if (names.length === 0) return fc.constant(s);
  return fc.record({ at: fc.nat(names.length - 1), key: fc.constantFrom('app', 'tier', 'env'), value: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }) }).map(({ at, key, value }) => ({
    ...s,
    cluster: {
      ...s.cluster,
      namespaces: s.cluster.namespaces.map((n, i) => {
        if (i !== at) return n;
        const { [key]: _old, ...rest } = n.labels;
        return { ...n, labels: value === undefined ? rest : { ...rest, [key]: value } };
      }),
    },
  }));
}

/** `files` with a comment line appended to the one at `at` (modulo their number): no object, line or position changes. */
function commented(files: readonly ManifestFile[], at: number): ManifestFile[] {
  const k = at % Math.max(files.length, 1);
  return files.map((f, i) => (i === k ? { path: f.path, text: `${f.text.endsWith('\n') ? f.text : `${f.text}\n`}# reviewed\n` } : { path: f.path, text: f.text }));
}

/** How a side's objects are laid out in files, and which file of the next push gets a comment line on top. */
const layout = fc.record({ bundled: fc.boolean(), shift: fc.option(fc.nat(), { nil: undefined }) });

/** Every object in one of two files (by its path's order), documents in path order. */
function bundle(files: readonly ManifestFile[]): ManifestFile[] {
  const parts = [0, 1].map((k) => files.filter((_, i) => i % 2 === k));
  return parts.flatMap((part, k) => (part.length ? [{ path: `bundle-${k}.yaml`, text: part.map((f) => f.text).join('---\n') }] : []));
}

/** `files` with a comment line above the first document of the one at `at` (modulo their number). */
function shifted(files: readonly ManifestFile[], at: number | undefined): ManifestFile[] {
  if (at === undefined || files.length === 0) return [...files];
  const k = at % files.length;
  return files.map((f, i) => (i === k ? { path: f.path, text: `# moved down\n${f.text}` } : f));
}

/** Fresh objects with the same content, as the App's next event reads them again. */
const reread = (files: readonly ManifestFile[]) => files.map((f) => ({ path: f.path, text: f.text }));

/**
 * The App's key, and no time bound on the rollback search (its evaluation bound stays): on a loaded
 * machine the time bound made a cold and a warm run stop at different points.
 */
const options = { baseKey: 'tree', rollbackMaxMillis: 3_600_000 };

/** A pull request's pushes: each head edited from the one before (objects of every kind edited, added and removed). */
const pushes: fc.Arbitrary<[Scenario, Scenario[]]> = clusterArb({ minPods: 2, maxPods: 6, maxPolicies: 4 }).chain((base) =>
  editedScenario(base).chain((h1) => editedScenario(h1, 'n').chain((h2) => editedScenario(h2, 'm').map((h3) => [base, [h1, h2, h3]] as [Scenario, Scenario[]]))),
);

/** The next push's JSON from a warm process (after base -> head) and from a cold one. */
async function warmAndCold(base: Scenario, head: Scenario, next: Scenario | Next, bundled: boolean, shift: number | undefined): Promise<[string, string]> {
  const files = (s: Scenario) => (bundled ? bundle(objectFiles(s)) : objectFiles(s));
  const baseFiles = files(base);
  const headFiles = files(head);
  const nextFiles = next === 'commented' ? commented(headFiles, shift ?? 0) : shifted(next === 'same' ? reread(headFiles) : next === 'base' ? reread(baseFiles) : files(next), shift);
  clearAll();
  const cold = targetsJson(await analyzeTargets(baseFiles, nextFiles, options));
  clearAll();
  await analyzeTargets(baseFiles, headFiles, options);
  const warm = targetsJson(await analyzeTargets(reread(baseFiles), reread(nextFiles), options));
  return [warm, cold];
}

/** Counterexamples fast-check found, kept: each failed on the code before its fix. */
const found = JSON.parse(readFileSync(new URL('./fixtures/warm-push-found.json', import.meta.url), 'utf8')) as {
  name: string;
  base: Scenario;
  head: Scenario;
  next: Scenario | Next;
  bundled: boolean;
  shift?: number;
}[];

describe('warm next push', () => {
  afterAll(clearAll);

  it.each(found.map((f) => [f.name, f] as const))('%s', async (_, f) => {
    const [warm, cold] = await warmAndCold(f.base, f.head, f.next, f.bundled, f.shift);
    expect(warm).toBe(cold);
  }, 120_000);

  it('reports exactly what a cold process reports', async () => {
    await fc.assert(
      fc.asyncProperty(triple, layout, async ([base, head, next], { bundled, shift }) => {
        const [warm, cold] = await warmAndCold(base, head, next, bundled, shift);
        expect(warm).toBe(cold);
      }),
      params(60),
    );
  }, 600_000);

  // What one push keeps for the next (the last diff and explanations, rules compiled over the workloads'
  // index, rows of their lists) must hold over a run of pushes too, each reaching other regions.
  // With `unchanged`, each head is pushed again with a comment appended (the same model, head's connectivity and
  // findings kept: head-side.ts) before the next head, which must then not be taken for it.
  it('reports exactly what a cold process reports on every push of a sequence', async () => {
    await fc.assert(
      fc.asyncProperty(pushes, fc.boolean(), fc.boolean(), fc.nat(), async ([base, heads], bundled, unchanged, at) => {
        const files = (s: Scenario) => (bundled ? bundle(objectFiles(s)) : objectFiles(s));
        const baseFiles = files(base);
        const sequence = heads.flatMap((h) => (unchanged ? [files(h), commented(files(h), at)] : [files(h)]));
        const cold: string[] = [];
        for (const head of sequence) {
          clearAll();
          cold.push(targetsJson(await analyzeTargets(baseFiles, head, options)));
        }
        clearAll();
        for (const [i, head] of sequence.entries()) expect(targetsJson(await analyzeTargets(reread(baseFiles), reread(head), options))).toBe(cold[i]);
      }),
      params(30),
    );
  }, 600_000);
});
