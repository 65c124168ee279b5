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
 * - at the repository's top only: `test`, `tests`, `e2e`, `conformance`: a project's test suite there;
 *   deeper they are often an environment (`overlays/test`, `envs/test`) or an overlay the e2e cluster
 *   deploys (`overlays/e2e`), which stay targets. A top-level `conformance` folder is an API's conformance
 *   suite (network-policy-api's `conformance/base/`, which its Go suite embeds and applies one test case
 *   at a time into a scratch cluster; gateway-api's is a top-level `conformance/` too): each file there is
 *   one test's input, applied alone and deleted after, never a deployment. Read as deployments, the suite's cases became alternative
 *   bundles compared with one another, and adding a test case read as paths opened (network-policy-api
 *   41f89d0, exit 1), renaming a case folder as a target removed (8c1c5fa).
 * - a Go package's own files: a file under a folder named `pkg`, `internal` or `bindata` (Go's package-tree
 *   names) when that folder or one between it and the file holds `.go` sources, or under an `assets` or
 *   `bindata` folder right inside a (non-root) folder that does. Operators keep run-time assets there,
 *   embedded in the binary and filled in when applied (openshift/cluster-dns-operator's
 *   `pkg/manifests/assets/`: a policy without a name, a deny-all the operator pairs with an allow);
 *   read as deployments they sealed namespaces and hid a real close (real-eval 12, problem 1). A `.go`
 *   file alone does not make a tree: Knative keeps a `placeholder.go` in every deployable `config/`
 *   folder, Go samples keep `manifests/` beside `main.go`; nor does the repository's root or a folder
 *   holding `go.mod` (a module's `config/`, `deploy/` and `manifests/` stay deployments).
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
import { firstAndMore } from '../util/and-list.js';

const ANYWHERE = new Set(['vendor', 'testdata', '__fixtures__', '__tests__', 'fixtures', 'node_modules']);
const TOP_LEVEL = new Set(['test', 'tests', 'e2e', 'conformance']);
/** Folder names of Go package trees: a file below one, with `.go` sources from there down to the file, is the package's. */
const GO_TREES = new Set(['pkg', 'internal', 'bindata']);
/** Folder names Go code embeds from its own folder. */
const GO_ASSETS = new Set(['assets', 'bindata']);

/**
 * The folders holding `.go` sources and those holding `go.mod` (module roots), sorted: how target discovery
 * is told them (`DiscoverOptions.goFolders`; plain arrays, so the options stay a cache key).
 */
export interface GoFolderList {
  readonly sources: readonly string[];
  readonly modules: readonly string[];
}

/** `GoFolderList`, looked up. */
export interface GoFolders {
  readonly sources: ReadonlySet<string>;
  readonly modules: ReadonlySet<string>;
}

/** The Go folders of a side's paths (every file, not only manifests); undefined when it holds no `.go` source. */
export function goFolderList(paths: Iterable<string>): GoFolderList | undefined {
  const sources = new Set<string>();
  const modules = new Set<string>();
  for (const p of paths) {
    const i = p.lastIndexOf('/');
    if (p.endsWith('.go')) sources.add(i < 0 ? '' : p.slice(0, i));
    else if (p === 'go.mod' || p.endsWith('/go.mod')) modules.add(i < 0 ? '' : p.slice(0, i));
  }
  return sources.size ? { sources: [...sources].sort(), modules: [...modules].sort() } : undefined;
}

/** Both sides' Go folders together (Go code seldom moves; a tree on either side is left out on both). */
export function unitedGoFolders(lists: readonly (GoFolderList | undefined)[]): GoFolderList | undefined {
  const present = lists.filter((l): l is GoFolderList => l !== undefined);
  if (present.length === 0) return undefined;
  const union = (pick: (l: GoFolderList) => readonly string[]) => [...new Set(present.flatMap(pick))].sort();
  return { sources: union((l) => l.sources), modules: union((l) => l.modules) };
}

/** `list` looked up, undefined when none. */
export function goFoldersOf(list: GoFolderList | undefined): GoFolders | undefined {
  return list ? { sources: new Set(list.sources), modules: new Set(list.modules) } : undefined;
}

/** The Go package tree holding `path` (`pkg/manifests/`), undefined when none (see the file's comment). */
function goTree(folders: readonly string[], go: GoFolders): string | undefined {
  const isPackage = (at: number) => {
    const f = folders.slice(0, at + 1).join('/');
    return go.sources.has(f) && !go.modules.has(f);
  };
  for (let i = 0; i < folders.length; i++) {
    if (GO_TREES.has(folders[i])) {
      for (let j = i; j < folders.length; j++) if (isPackage(j)) return `${folders.slice(0, i + 1).join('/')}/`;
    }
    // An assets folder right inside a package folder (not the root): what `//go:embed assets` reads.
    if (GO_ASSETS.has(folders[i]) && i > 0 && isPackage(i - 1)) return `${folders.slice(0, i + 1).join('/')}/`;
  }
  return undefined;
}

/** Trees named in the notice; the rest are counted. */
const NAMED_TREES = 5;

/** The fixture, vendor or Go package tree holding `path` (`vendor/`, `pkg/x/testdata/`, `pkg/`), undefined when none. */
export function fixtureTree(path: string, go?: GoFolders): string | undefined {
  const goSources = go !== undefined && go.sources.size > 0;
  // Most paths are in no such tree: one expression says so without splitting the path (asked of every file, every side).
  if (!goSources && !NAMES_TREE.test(path)) return undefined;
  const folders = path.split('/').slice(0, -1);
  const at = TOP_LEVEL.has(folders[0] ?? '') ? 0 : folders.findIndex((f) => ANYWHERE.has(f));
  if (at >= 0) return `${folders.slice(0, at + 1).join('/')}/`;
  return goSources ? goTree(folders, go) : undefined;
}

/** A path with a folder of TOP_LEVEL first or a folder of ANYWHERE at any depth (names of word characters, written as they are): what `fixtureTree` finds but Go's trees. */
const NAMES_TREE = new RegExp(`^(?:${[...TOP_LEVEL].join('|')})/|(?:^|/)(?:${[...ANYWHERE].join('|')})/`);

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

/** `globs` (the user's include globs, as written) compiled. */
function compileGlobs(globs: readonly string[]): Glob[] {
  return globs.map((g) => ({ segments: new Set(g.split('/')), matches: picomatch(g, { dot: true }) }));
}

/**
 * Whether the user's include `globs` bring back `path` under `tree` (`test/`, `applicationset/examples/`):
 * one of them matches it and names the tree's folder as a segment of its own, as for the layout's trees.
 * Controller objects under fixture and sample trees come back this way (not-deployments.ts).
 */
export function globsBringBack(path: string, tree: string, globs: readonly string[]): boolean {
  return globs.length > 0 && broughtBack(path, tree, compileGlobs(globs));
}

export interface FixtureSplit {
  /** The paths that may be deployments. */
  readonly kept: readonly string[];
  /** The paths under fixture and vendor trees, left out. */
  readonly leftOut: readonly string[];
}

/**
 * `paths` split into those that may be deployments and those under fixture, vendor or Go package trees
 * (`globs`: the user's include globs, which may bring trees back; `go`: the side's Go folders).
 */
export function withoutFixtureTrees(paths: readonly string[], globs: readonly string[] = [], go?: GoFolders): FixtureSplit {
  const kept: string[] = [];
  const leftOut: string[] = [];
  let compiled: Glob[] | undefined;
  for (const p of paths) {
    const tree = fixtureTree(p, go);
    if (tree !== undefined) compiled ??= compileGlobs(globs);
    (tree === undefined || broughtBack(p, tree, compiled!) ? kept : leftOut).push(p);
  }
  return { kept, leftOut };
}

/**
 * `Not taken as deployments: 142 manifest files under test-fixture and vendored trees (test/, vendor/): …`,
 * undefined when none. `leftOut`: paths (either side's, once); `go`: the Go folders that made some of them a tree.
 */
export function fixtureTreesNotice(leftOut: Iterable<string>, go?: GoFolders): Notice | undefined {
  const files = [...new Set(leftOut)].sort();
  if (files.length === 0) return undefined;
  const trees = [...new Set(files.map((p) => fixtureTree(p, go) ?? `${p.slice(0, p.lastIndexOf('/') + 1)}`))];
  const goTrees = trees.filter((t) => fixtureTree(`${t}x`) === undefined).length;
  const kinds = goTrees === 0 ? 'test-fixture and vendored trees' : goTrees === trees.length ? 'Go package trees (files Go code embeds)' : 'test-fixture, vendored and Go package trees';
  const named = firstAndMore(trees, NAMED_TREES);
  const count = files.length === 1 ? '1 manifest file' : `${files.length} manifest files`;
  const example = trees[0].replace(/\/$/, '');
  return {
    code: 'FIXTURE_TREES',
    message: `Not taken as deployments: ${count} under ${kinds} (${named}), left out of every target; to analyse one, name it in a --path or manifests: glob (--path '${example}/**'), or configure targets:`,
    ref: { file: files[0], line: 1 },
  };
}
