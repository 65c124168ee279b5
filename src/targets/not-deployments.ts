/**
 * Controller objects that look like deployments and are not: templates whose target-deciding fields
 * still hold unrendered placeholders (a Go template's `{{ .ns }}`, a `${VAR}` no one substitutes),
 * objects under test-fixture trees (`testdata/`, `test/fixtures/`, `__fixtures__/`, and the trees the
 * layout leaves out: a top-level `test/`, `tests/` or `e2e/`, `fixtures/`, `vendor/` … (fixture-trees.ts)),
 * and samples under an `examples/` or `samples/` folder. Go tools keep such fixtures beside their code
 * (flux2's `cmd/flux/testdata`): read as deployments, one of them made the whole repository one target in
 * `default` and hid the real install kustomization. A tool's samples and test suites do the same:
 * argo-cd's `applicationset/examples/` ApplicationSets deploy its sample guestbooks to made-up clusters,
 * and later its `test/manifests/cmp/app.yaml` an e2e plugin app; read as deployments they were the only
 * targets, so every change to its `manifests/` policies went unanalysed (real-eval 13: a removed egress
 * policy read "in-cluster: no change"). They are left out of target discovery, each with a notice
 * (`NOT_DEPLOYED`) naming it and why, so the targets found are those the repository has without them;
 * the folders the samples deploy stay in the layout's targets. As in the layout, a `--path` or
 * `manifests:` glob that matches the file and names the tree's folder brings it back
 * (`--path 'applicationset/examples/**'`).
 *
 * Only the object's own fields that decide what is deployed where are looked at (its namespace, Flux
 * `spec.path`/`sourceRef`/`targetNamespace`/`kubeConfig`, Argo CD `spec.source`, `spec.sources`, `destination`); the
 * manifests a Flux Kustomization renders may hold `${VAR}` for its `postBuild` substitution (substitute.ts),
 * and an ApplicationSet's template holds `{{…}}` by design (applicationset.ts): neither is a placeholder here.
 */
import { isObject } from '../manifests/context.js';
import { placeholdersIn } from '../manifests/placeholder-identity.js';
import { plural } from '../util/plural.js';
import type { ControllerObject } from './controller-objects.js';
import { fixtureTree, globsBringBack } from './fixture-trees.js';
import type { Notice } from './types.js';

/** Folder segments that hold test fixtures, never deployed: `testdata`, `__fixtures__`, `fixtures` right below `test`/`tests`/`e2e`. */
const FIXTURE_FOLDER = /(?:^|\/)(?:testdata|__fixtures__|(?:test|tests|e2e)\/fixtures?)\//;

/**
 * Folder segments that hold samples of controller objects, at any depth: `examples/`, `samples/`. Only
 * the plural names: `example` and `sample` are also what a placeholder cluster or environment is called
 * (`clusters/example/`), which is deployed.
 */
const SAMPLE_FOLDER = /(?:^|\/)(?:examples|samples)\//;

/** Notices past this many are one notice counting the rest. */
const MAX_NOTICES = 5;

/** A field that decides the target, by its path from the object's top. */
type FieldPath = readonly string[];

const FIELDS: Readonly<Record<ControllerObject['kind'], readonly FieldPath[]>> = {
  FluxKustomization: [
    ['metadata', 'namespace'],
    ['spec', 'path'],
    ['spec', 'sourceRef', 'kind'],
    ['spec', 'sourceRef', 'name'],
    ['spec', 'sourceRef', 'namespace'],
    ['spec', 'targetNamespace'],
    ['spec', 'kubeConfig', 'secretRef', 'name'],
  ],
  Application: [
    ['metadata', 'namespace'],
    ['spec', 'source', 'repoURL'],
    ['spec', 'source', 'path'],
    ['spec', 'destination', 'namespace'],
    ['spec', 'destination', 'name'],
    ['spec', 'destination', 'server'],
  ],
  ApplicationSet: [['metadata', 'namespace']],
  ClusterSecret: [['stringData', 'name'], ['stringData', 'server']],
  GitRepository: [['metadata', 'namespace'], ['spec', 'url']],
};

/**
 * Why `o` is not a deployment (`it is a template (metadata.namespace is `{{ .ns }}`)`, `it is under the
 * test-fixture folder cmd/testdata/`, `it is under the sample folder applicationset/examples/`), or
 * undefined when it may be one. `globs`: the user's include globs, which bring a tree back.
 */
function notDeployedReason(o: ControllerObject, globs: readonly string[]): string | undefined {
  const templated = templatedFields(o);
  const tree = leftOutTree(o.ref.file, globs);
  const reasons = [
    ...(templated.length ? [`it is a template (${templated.map((t) => `${t.field} is ${t.placeholder}`).join(', ')})`] : []),
    ...(tree ? [`it is under the ${tree.kind} folder ${tree.folder}`] : []),
  ];
  return reasons.length ? reasons.join(' and ') : undefined;
}

/**
 * The test-fixture or sample tree holding `file` (`cmd/flux/testdata/`, `test/`, `applicationset/examples/`),
 * undefined when none or when `globs` bring it back. A fixture tree is named rather than a sample tree
 * holding it, and the innermost of the fixture folders above rather than the layout's (`test/fixtures/`,
 * not `test/`).
 */
function leftOutTree(file: string, globs: readonly string[]): { readonly kind: 'test-fixture' | 'sample'; readonly folder: string } | undefined {
  const named = FIXTURE_FOLDER.exec(file);
  const fixture = named ? file.slice(0, named.index + named[0].length) : fixtureTree(file);
  const sample = SAMPLE_FOLDER.exec(file);
  const found = fixture !== undefined ? { kind: 'test-fixture' as const, folder: fixture } : sample ? { kind: 'sample' as const, folder: file.slice(0, sample.index + sample[0].length) } : undefined;
  return found && !globsBringBack(file, found.folder, globs) ? found : undefined;
}

/**
 * The objects that may be deployments, a notice per one left out (deploying kinds only: a GitRepository
 * fixture, or an Argo CD cluster Secret, deploys nothing by itself and is dropped without a word), and the files holding those.
 * `globs`: the user's include globs (`--path`, `manifests:`), which bring a fixture or sample tree back.
 */
export function withoutNonDeployments(objects: readonly ControllerObject[], globs: readonly string[] = []): { objects: ControllerObject[]; notices: Notice[]; files: Set<string> } {
  const kept: ControllerObject[] = [];
  const skipped: { readonly o: ControllerObject; readonly why: string }[] = [];
  for (const o of objects) {
    const why = notDeployedReason(o, globs);
    if (why === undefined) kept.push(o);
    else if (o.kind !== 'GitRepository' && o.kind !== 'ClusterSecret') skipped.push({ o, why });
  }
  const notices = skipped.slice(0, MAX_NOTICES).map(({ o, why }): Notice => ({ code: 'NOT_DEPLOYED', message: `${KIND_NAMES[o.kind]} ${o.name} is not taken as a deployment: ${why}`, ref: o.ref }));
  const rest = skipped.slice(MAX_NOTICES);
  if (rest.length) {
    const at = rest.map(({ o }) => `${o.ref.file}:${o.ref.line}`);
    notices.push({ code: 'NOT_DEPLOYED', message: `${plural(rest.length, 'more controller object')} ${rest.length === 1 ? 'is not taken as a deployment (a test fixture, sample or template)' : 'are not taken as deployments (test fixtures, samples or templates)'}: ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''}`, ref: rest[0].o.ref });
  }
  // Files holding an object left out, read as committed: no plain manifests either (a fixture is not deployed).
  const files = new Set(skipped.filter(({ o }) => o.via === undefined).map(({ o }) => o.ref.file));
  return { objects: kept, notices, files };
}

const KIND_NAMES: Readonly<Record<ControllerObject['kind'], string>> = {
  FluxKustomization: 'Flux Kustomization',
  Application: 'Argo CD Application',
  ApplicationSet: 'Argo CD ApplicationSet',
  ClusterSecret: 'Argo CD cluster Secret',
  GitRepository: 'Flux GitRepository',
};

/** Each target-deciding field of `o` that holds a placeholder, with what it holds (Argo CD `spec.sources[]` each). */
function templatedFields(o: ControllerObject): { field: string; placeholder: string }[] {
  const paths: FieldPath[] = [...FIELDS[o.kind]];
  const spec = isObject(o.value.spec) ? o.value.spec : {};
  if (o.kind === 'Application' && Array.isArray(spec.sources)) {
    spec.sources.forEach((_, i) => paths.push(['spec', 'sources', String(i), 'repoURL'], ['spec', 'sources', String(i), 'path']));
  }
  const out: { field: string; placeholder: string }[] = [];
  for (const path of paths) {
    const placeholder = placeholderIn(valueAt(o.value, path));
    if (placeholder !== undefined) out.push({ field: path.join('.').replace(/\.(\d+)\./g, '[$1].'), placeholder });
  }
  return out;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let v = value;
  for (const key of path) {
    if (Array.isArray(v)) v = v[Number(key)];
    else if (isObject(v)) v = v[key];
    else return undefined;
  }
  return v;
}

/**
 * A scalar field holding a placeholder, quoted whole: `{{ … }}` or `${…}` in a string (not Flux's escaped `$${…}`), or a
 * mapping where a string belongs whose only key is itself a mapping, which is what YAML makes of an
 * unquoted `{{ .ns }}` (a flow mapping inside a flow mapping; js-yaml keys it `[object Object]`).
 */
export function placeholderIn(v: unknown): string | undefined {
  if (typeof v === 'string') {
    // The loader's recognition (placeholder-identity.ts): a template file and an object without identity agree.
    // Quoted whole (`${APP}-allow`, `./apps/${CLUSTER}`): the value as written, which the reader finds in the file.
    return placeholdersIn(v).length > 0 ? `\`${v}\`` : undefined;
  }
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === '[object Object]' || keys[0].startsWith('{'))) return 'an unquoted Go template `{{ … }}`';
  }
  return undefined;
}
