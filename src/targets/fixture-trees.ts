/**
 * Test fixtures and vendored code are no deployments. A repository found by its layout (no targets
 * configured, no controller objects) also holds manifests nothing applies: test suites' fixtures
 * (`testdata/`, `test/…`), a Go project's vendored dependencies with their own test manifests
 * (`vendor/k8s.io/kubernetes/test/e2e/testing-manifests`), `node_modules/`. Read as deployments they add
 * workloads (`default/cockroachdb` named as a source of a monitoring stack's paths), become targets of
 * their own, and their copies of real objects made deployed folders alternatives of each other
 * (real-eval 9, C1 and C3). In the layout mode, files under these trees are left out of target
 * discovery, with one notice (`FIXTURE_TREES`) counting them and naming the trees.
 *
 * The trees, by folder name:
 * - anywhere: `vendor`, `testdata` (Go's fixture folder, ignored by its build), `__fixtures__`,
 *   `__tests__`, `fixtures`, `node_modules`: names no environment or app folder uses for what it deploys;
 * - at the repository's top only: `test`, `tests`, `e2e`: a project's test suite there; deeper they are
 *   often an environment (`overlays/test`, `envs/test`) or an overlay the e2e cluster deploys
 *   (`overlays/e2e`), which stay targets.
 * `docs/`, `examples/` and `site/` are not trees here: policies there are often meant to be applied
 * (a `docs/network-policies` folder), and leaving them out would hide their changes.
 *
 * A tree comes back when a `--path` glob or the configuration's `manifests` glob that matches the file
 * names the tree's folder (`--path 'test/**'`, `manifests: ['**\/testdata/**']`); the default globs
 * (`**\/*.yaml`) name none. Configured targets and controller objects' sources are never affected: this
 * runs only where the layout decides.
 */
import picomatch from 'picomatch';
import type { Notice } from './types.js';

const ANYWHERE = new Set(['vendor', 'testdata', '__fixtures__', '__tests__', 'fixtures', 'node_modules']);
const TOP_LEVEL = new Set(['test', 'tests', 'e2e']);

/** Trees named in the notice; the rest are counted. */
const NAMED_TREES = 5;

/** The fixture or vendor tree holding `path` (`vendor/`, `pkg/x/testdata/`), undefined when none. */
export function fixtureTree(path: string): string | undefined {
  const folders = path.split('/').slice(0, -1);
  const at = TOP_LEVEL.has(folders[0] ?? '') ? 0 : folders.findIndex((f) => ANYWHERE.has(f));
  return at < 0 ? undefined : `${folders.slice(0, at + 1).join('/')}/`;
}

/** A user's include glob: the folder names it spells out as segments of their own, and its matcher. */
interface Glob {
  readonly segments: ReadonlySet<string>;
  readonly matches: (path: string) => boolean;
}

/** Whether `globs` bring back `path` under `tree`: one of them matches it and names the tree's folder as a segment of its own. */
function broughtBack(path: string, tree: string, globs: readonly Glob[]): boolean {
  const folder = tree.split('/').at(-2)!;
  return globs.some((g) => g.segments.has(folder) && g.matches(path));
}

export interface FixtureSplit {
  /** The paths that may be deployments. */
  readonly kept: readonly string[];
  /** The paths under fixture and vendor trees, left out. */
  readonly leftOut: readonly string[];
}

/** `paths` split into those that may be deployments and those under fixture or vendor trees (`globs`: the user's include globs, which may bring trees back). */
export function withoutFixtureTrees(paths: readonly string[], globs: readonly string[] = []): FixtureSplit {
  const kept: string[] = [];
  const leftOut: string[] = [];
  let compiled: Glob[] | undefined;
  for (const p of paths) {
    const tree = fixtureTree(p);
    if (tree !== undefined) compiled ??= globs.map((g) => ({ segments: new Set(g.split('/')), matches: picomatch(g, { dot: true }) }));
    (tree === undefined || broughtBack(p, tree, compiled!) ? kept : leftOut).push(p);
  }
  return { kept, leftOut };
}

/**
 * `Not taken as deployments: 142 manifest files under test-fixture and vendored trees (test/, vendor/): …`,
 * undefined when none. `leftOut`: paths (either side's, once).
 */
export function fixtureTreesNotice(leftOut: Iterable<string>): Notice | undefined {
  const files = [...new Set(leftOut)].sort();
  if (files.length === 0) return undefined;
  const trees = [...new Set(files.map((p) => fixtureTree(p)!))];
  const named = trees.slice(0, NAMED_TREES).join(', ') + (trees.length > NAMED_TREES ? ` and ${trees.length - NAMED_TREES} more` : '');
  const count = files.length === 1 ? '1 manifest file' : `${files.length} manifest files`;
  const example = trees[0].replace(/\/$/, '');
  return {
    code: 'FIXTURE_TREES',
    message: `Not taken as deployments: ${count} under test-fixture and vendored trees (${named}), left out of every target; to analyse one, name it in a --path or manifests: glob (--path '${example}/**'), or configure targets:`,
    ref: { file: files[0], line: 1 },
  };
}
