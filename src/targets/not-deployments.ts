/**
 * Controller objects that look like deployments and are not: templates whose target-deciding fields
 * still hold unrendered placeholders (a Go template's `{{ .ns }}`, a `${VAR}` no one substitutes), and
 * objects under test-fixture folders (`testdata/`, `test/fixtures/`, `__fixtures__/`). Go tools keep
 * such fixtures beside their code (flux2's `cmd/flux/testdata`): read as deployments, one of them made
 * the whole repository one target in `default` and hid the real install kustomization. They are left
 * out of target discovery, each with a notice (`NOT_DEPLOYED`) naming it and why, so the targets found
 * are those the repository has without them.
 *
 * Only the object's own fields that decide what is deployed where are looked at (its namespace, Flux
 * `spec.path`/`sourceRef`/`targetNamespace`/`kubeConfig`, Argo CD `spec.source`, `spec.sources`, `destination`); the
 * manifests a Flux Kustomization renders may hold `${VAR}` for its `postBuild` substitution (substitute.ts),
 * and an ApplicationSet's template holds `{{…}}` by design (applicationset.ts): neither is a placeholder here.
 */
import { isObject } from '../manifests/context.js';
import { plural } from '../util/plural.js';
import type { ControllerObject } from './controller-objects.js';
import type { Notice } from './types.js';

/** Folder segments that hold test fixtures, never deployed: `testdata`, `__fixtures__`, `fixtures` right below `test`/`tests`/`e2e`. */
const FIXTURE_FOLDER = /(?:^|\/)(?:testdata|__fixtures__|(?:test|tests|e2e)\/fixtures?)\//;

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
  GitRepository: [['metadata', 'namespace'], ['spec', 'url']],
};

/** Why `o` is not a deployment (`it is a template (metadata.namespace is `{{ .ns }}`)`, `it is under the test-fixture folder cmd/testdata/`), or undefined when it may be one. */
export function notDeployedReason(o: ControllerObject): string | undefined {
  const fixture = FIXTURE_FOLDER.exec(o.ref.file);
  const templated = templatedFields(o);
  const reasons = [
    ...(templated.length ? [`it is a template (${templated.map((t) => `${t.field} is ${t.placeholder}`).join(', ')})`] : []),
    ...(fixture ? [`it is under the test-fixture folder ${o.ref.file.slice(0, fixture.index + fixture[0].length)}`] : []),
  ];
  return reasons.length ? reasons.join(' and ') : undefined;
}

/**
 * The objects that may be deployments, a notice per one left out (deploying kinds only: a GitRepository
 * fixture deploys nothing by itself and is dropped without a word), and the files holding those.
 */
export function withoutNonDeployments(objects: readonly ControllerObject[]): { objects: ControllerObject[]; notices: Notice[]; files: Set<string> } {
  const kept: ControllerObject[] = [];
  const skipped: { readonly o: ControllerObject; readonly why: string }[] = [];
  for (const o of objects) {
    const why = notDeployedReason(o);
    if (why === undefined) kept.push(o);
    else if (o.kind !== 'GitRepository') skipped.push({ o, why });
  }
  const notices = skipped.slice(0, MAX_NOTICES).map(({ o, why }): Notice => ({ code: 'NOT_DEPLOYED', message: `${KIND_NAMES[o.kind]} ${o.name} is not taken as a deployment: ${why}`, ref: o.ref }));
  const rest = skipped.slice(MAX_NOTICES);
  if (rest.length) {
    const at = rest.map(({ o }) => `${o.ref.file}:${o.ref.line}`);
    notices.push({ code: 'NOT_DEPLOYED', message: `${plural(rest.length, 'more controller object')} ${rest.length === 1 ? 'is not taken as a deployment (a test fixture or template)' : 'are not taken as deployments (test fixtures or templates)'}: ${at.slice(0, 10).join(', ')}${at.length > 10 ? ', …' : ''}`, ref: rest[0].o.ref });
  }
  // Files holding an object left out, read as committed: no plain manifests either (a fixture is not deployed).
  const files = new Set(skipped.filter(({ o }) => o.via === undefined).map(({ o }) => o.ref.file));
  return { objects: kept, notices, files };
}

const KIND_NAMES: Readonly<Record<ControllerObject['kind'], string>> = {
  FluxKustomization: 'Flux Kustomization',
  Application: 'Argo CD Application',
  ApplicationSet: 'Argo CD ApplicationSet',
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
 * The placeholder a scalar field holds: `{{ … }}` or `${…}` in a string (not Flux's escaped `$${…}`), or a
 * mapping where a string belongs whose only key is itself a mapping, which is what YAML makes of an
 * unquoted `{{ .ns }}` (a flow mapping inside a flow mapping; js-yaml keys it `[object Object]`).
 */
export function placeholderIn(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const m = /\{\{.*?\}\}|(?<!\$)\$\{[^}]*\}/.exec(v);
    return m ? `\`${m[0]}\`` : undefined;
  }
  if (isObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === '[object Object]' || keys[0].startsWith('{'))) return 'an unquoted Go template `{{ … }}`';
  }
  return undefined;
}
