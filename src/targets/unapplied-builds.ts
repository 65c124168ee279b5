/**
 * A top-level kustomization that holds GitOps controller objects, whose build fails, and that no Argo CD or
 * Flux object of the repository deploys (real-eval 16: a homelab's `k8s/applications` listing a removed
 * folder beside its `ApplicationSet`). Such a build is applied by hand or by a bootstrap outside the
 * repository, and it is no target, so its error was reported nowhere: its controller objects were simply
 * gone, every Application they generate with them, and a policy those Applications deploy read as
 * deployed by none ("no change"). A failed apply changes nothing in the cluster, which keeps the objects
 * last applied; the files as written are the best account of them. They are read as committed, with a
 * notice naming the failing build at its file:line and error.
 *
 * A failing build that a controller object deploys keeps the other reading (rendered-controllers.ts): that
 * controller applies nothing from it, and the build is a target whose error the analysis reports.
 */
import picomatch from 'picomatch';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { SourceRef } from '../engine/model.js';
import { isObject } from '../manifests/context.js';
import type { ControllerObject } from './controller-objects.js';
import type { Notice } from './types.js';
import { firstAndMore } from '../util/and-list.js';

/** One failed top-level build: its folder, its error, and the controller-object files only it uses. */
export interface FailedBuild {
  readonly dir: string;
  readonly error: Diagnostic | undefined;
  readonly holders: readonly string[];
  /**
   * The Flux Kustomization whose `spec.path` (`path`, a folder above `dir` with no kustomization file) builds it:
   * Flux's generated kustomization there lists `dir` (flux-builds.ts `fluxBuildPath`), so that Kustomization's
   * build fails with it and applies nothing of the revision. Absent: nothing here builds it (applied from outside).
   */
  readonly builtBy?: { readonly name: string; readonly ref: SourceRef; readonly path: string };
}

/**
 * The folders (exact, without `./` or a trailing `/`) and folder patterns (a `{{…}}` placeholder or a `*`
 * standing for any segment) that controller objects name as what they deploy: every `path` string of an
 * object's `spec`, at any depth (Application sources, ApplicationSet templates and git generators, Flux
 * `spec.path`); a path made of placeholders only is left to its generator's paths.
 */
export function deployedFolders(objects: readonly ControllerObject[]): (folder: string) => boolean {
  const exact = new Set<string>();
  const patterns: string[] = [];
  const visit = (v: unknown, key?: string): void => {
    if (Array.isArray(v)) return v.forEach((x) => visit(x));
    if (typeof v === 'string' && key === 'path') {
      const p = v.replace(/^\.?\/+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
      const pattern = p.replace(/\{\{[^}]*\}\}/g, '*');
      // A path all placeholders (`{{path}}`, `{{.a}}/{{.b}}`) says nothing by itself: its generator's paths do.
      if (pattern !== p || p.includes('*')) {
        if (/[^*/]/.test(pattern)) patterns.push(pattern);
      } else exact.add(p);
      return;
    }
    if (isObject(v)) for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const o of objects) visit(isObject(o.value.spec) ? o.value.spec : undefined);
  const match = patterns.length ? picomatch(patterns, { dot: true }) : undefined;
  return (folder) => exact.has(folder) || (match !== undefined && match(folder));
}

/**
 * One notice for the failed builds whose controller objects are read as written (`objects`: those objects).
 * `side`: the side whose builds fail when its controller objects are all in them and are read only because the
 * other side is read through controller objects (discover.ts `discoverSides`): said so, with the side named.
 */
export function unappliedBuildNotice(builds: readonly FailedBuild[], objects: readonly ControllerObject[], side?: 'base' | 'head'): Notice | undefined {
  if (builds.length === 0 || objects.length === 0) return undefined;
  const names = objects.filter((o) => o.kind !== 'ClusterSecret').map((o) => `${o.kind === 'FluxKustomization' ? 'Flux Kustomization' : o.kind} ${o.name} (${o.ref.file}:${o.ref.line})`);
  const errors = builds.map((b) => (b.error ? `${b.error.ref.file}:${b.error.ref.line}: ${b.error.message}` : `kustomize build ${b.dir || '.'} fails`));
  const folders = builds.map((b) => b.dir || '.');
  const one = builds.length === 1;
  const failing = `the build${one ? '' : 's'} of ${firstAndMore(folders, 3)} fail${one ? 's' : ''} (${errors.join('; ')})${deployedBy(builds)}`;
  const read = `the controller objects ${one ? 'it holds' : 'they hold'} are read as written, as a cluster keeps what was last applied`;
  const other = side === 'base' ? 'head' : 'base';
  return {
    code: 'UNAPPLIED_BUILD',
    message: side
      ? `On ${side}, ${failing}; ${other} is read through its Argo CD and Flux objects, so ${side} is read the same way: ${read}: ${firstAndMore(names, 5)}`
      : `${failing.charAt(0).toUpperCase()}${failing.slice(1)}: ${read}: ${firstAndMore(names, 5)}`,
    ...(builds[0].error ? { ref: builds[0].error.ref } : {}),
  };
}

/**
 * Who applies failing `builds`: `, and no Argo CD or Flux object here deploys it` (a bootstrap outside the repository
 * applies it), or, for a build a Flux Kustomization's path reaches (`builtBy`), that Kustomization at its file:line,
 * whose build fails with it: `, which Flux Kustomization cluster-apps (clusters/prod/apps.yaml:1) builds through its
 * path apps (Flux's generated kustomization there lists it), so that Kustomization's build fails and applies nothing of
 * this revision`. Builds of both kinds: each said.
 */
function deployedBy(builds: readonly FailedBuild[]): string {
  const by = builds.filter((b) => b.builtBy);
  const none = builds.filter((b) => !b.builtBy);
  if (by.length === 0) return `, and no Argo CD or Flux object here deploys ${builds.length === 1 ? 'it' : 'them'}`;
  const through = (b: FailedBuild) => `Flux Kustomization ${b.builtBy!.name} (${b.builtBy!.ref.file}:${b.builtBy!.ref.line}) builds${builds.length === 1 ? '' : ` ${b.dir || '.'}`} through its path ${b.builtBy!.path || '.'} (Flux's generated kustomization there lists it)`;
  const kustomizations = new Set(by.map((b) => b.builtBy!.name)).size;
  const fails = `so ${kustomizations === 1 ? "that Kustomization's build fails" : "those Kustomizations' builds fail"} and ${kustomizations === 1 ? 'applies' : 'apply'} nothing of this revision`;
  const rest = none.length ? `; no Argo CD or Flux object here deploys ${firstAndMore(none.map((b) => b.dir || '.'), 3)}` : '';
  return builds.length === 1 ? `, which ${through(by[0])}, ${fails}` : `: ${by.map(through).join('; ')}, ${fails}${rest}`;
}
