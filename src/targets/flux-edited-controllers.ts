/**
 * Controller objects as a parent Flux Kustomization's edit leaves them: a `Kustomization` whose `spec.path`
 * holds other Flux Kustomizations (a cluster's `definitions` folder) and whose `spec.patches` (components,
 * name prefix…) change them — give each a `sourceRef`, a `postBuild`, a `targetNamespace` — deploys them as
 * patched, so they are read from its build, edit and all (flux-edit.ts), the way its kustomize-controller
 * applies them; each one's patched fields point at the parent's patch. The children may edit their own
 * paths in turn: followed until nothing changes. A build that fails leaves the objects as they were read (the
 * parent's own target reports the failure). Semantics: Flux's Kustomization API reference
 * (kustomize.toolkit.fluxcd.io/v1, Patches); fluxcd/pkg kustomize `Generator`.
 */
import { renderWithin } from '../kustomize/index.js';
import type { ControllerObject } from './controller-objects.js';
import { controllerObject } from './controller-objects.js';
import { fluxEdit, generatedKustomization, generatedResources, withEditDocument } from './flux-edit.js';
import { fluxPathFolder } from './flux-builds.js';
import { fluxGenerated } from './flux-generated.js';
import type { SideIndex } from './target-files.js';
import { inFolder } from '../util/repo-paths.js';

/** At most this many rounds of parents editing children editing grandchildren (a cycle ends here too). */
const MAX_ROUNDS = 8;

/**
 * `objects` with those a Flux Kustomization's edited build yields in place of the ones read from the files
 * that build reads (as committed, or rendered by a kustomization inside its path).
 */
export function fluxEditedControllers(objects: readonly ControllerObject[], side: SideIndex): ControllerObject[] {
  let out = [...objects];
  const done = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = out.find((o) => o.kind === 'FluxKustomization' && !done.has(key(o)) && editsControllers(o, out, side));
    if (!next) break;
    done.add(key(next));
    out = rebuilt(next, out, side) ?? out;
  }
  return out;
}

function key(o: ControllerObject): string {
  return `${o.namespace ?? ''}/${o.name}@${o.ref.file}:${o.ref.line}`;
}

/** Whether `ks` edits its path and that path holds controller objects of `objects`. */
function editsControllers(ks: ControllerObject, objects: readonly ControllerObject[], side: SideIndex): boolean {
  const folder = fluxPathFolder(ks, (p) => side.files.isFolder(p));
  if (folder === undefined || !side.files.isFolder(folder)) return false;
  if (!objects.some((o) => o !== ks && inFolder(o.ref.file, folder))) return false;
  return fluxEdit(ks, folder, side.files) !== undefined;
}

/** `objects` with `ks`'s build of its path in place of what it reads; undefined when the build fails. */
function rebuilt(ks: ControllerObject, objects: readonly ControllerObject[], side: SideIndex): ControllerObject[] | undefined {
  const { files } = side;
  const folder = fluxPathFolder(ks, (p) => files.isFolder(p))!;
  const edit = fluxEdit(ks, folder, files)!;
  const texts = new Map(files.files.map((f) => [f.path, f.text]));
  const own = side.kustomizations.get(folder);
  if (own) texts.set(own.file, withEditDocument({ path: own.file, text: files.byPath.get(own.file)!.text }, edit).text);
  else {
    const g = generatedKustomization(folder, generatedResources(fluxGenerated(folder, files, side.kustomizations), side.charts).resources, edit);
    texts.set(g.path, g.text);
  }
  const result = renderWithin(texts).render(folder, 'LoadRestrictionsNone');
  if (!result.ok) return undefined;
  const read = new Set([...result.used.keys()]);
  const kept = objects.filter((o) => !(read.has(o.ref.file) || (o.via !== undefined && (o.via === folder || result.includes.has(o.via)))));
  const made = result.objects.flatMap((o) => controllerObject(o.value, o.ref, folder) ?? []);
  return [...kept, ...made];
}
