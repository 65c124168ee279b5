import { baseName, dirOf } from '../util/repo-paths.js';
/**
 * Helmfile projects: `helmfile.yaml` (or `helmfile.yaml.gotmpl`, `helmfile_rbac.yaml`, …) and the state
 * files of a `helmfile.d/` folder name Helm releases — a chart, and the values `helmfile template`
 * gives it (`values:`, `templates:`, environments) — and helmfile runs Helm. reachdiff runs neither, so:
 * - a state file is no manifest: it is Go-templated YAML (`{{ .Values | get "x" }}`), which read as a
 *   manifest was a YAML_SYNTAX error "in changed files" on every edit (real-eval 20:
 *   wikimedia/operations-deployment-charts' `helmfile.d/admin_ng/helmfile_rbac.yaml`) — non-manifest.ts
 *   skips it by name;
 * - a changed state or values file of a project is "Not analysed" under the verdict, once per project,
 *   never a silent "No change" (real-eval 20: Wikimedia's Calico GlobalNetworkPolicies kept in
 *   `helmfile.d/admin_ng/values/main.yaml` were narrowed and read "No change in allowed connectivity",
 *   exit 0; elastisys/compliantkubernetes-apps f2b51d9a added a NetworkPolicy release for Tekton in
 *   `helmfile.d/stacks/tekton.yaml`, likewise).
 * Source of the file names: helmfile's documentation ("helmfile.d/" runs every `*.yaml`/`*.yaml.gotmpl`
 * state file of the folder; `helmfile.yaml.gotmpl` is the templated state file of helmfile v1).
 */

/** A helmfile state file by its name: `helmfile.yaml`, `helmfile_rbac.yaml`, `helmfile-apps.yml`, `helmfile.yaml.gotmpl`. */
const STATE_NAME = /^helmfile([._-][^/]*)?\.ya?ml(\.gotmpl)?$/i;

/** Files of a project whose change can change what its releases install: YAML, JSON, and their Go templates. */
const PROJECT_INPUT = /\.(ya?ml|json)(\.gotmpl)?$|\.gotmpl$/i;

/** Whether `path` is a helmfile state file: named `helmfile*.yaml` (`.yml`, `.gotmpl`), or any YAML state file directly in a `helmfile.d/` folder. */
export function isHelmfileState(path: string): boolean {
  const name = baseName(path);
  if (STATE_NAME.test(name)) return true;
  return baseName(dirOf(path)) === 'helmfile.d' && /\.ya?ml(\.gotmpl)?$/i.test(name);
}

/**
 * The helmfile project `path` belongs to: the innermost folder above it that is a `helmfile.d/` folder or
 * holds a state file (`exists`: whether a path is a file on either side); undefined outside every project.
 */
export function helmfileProject(path: string, exists: (path: string) => boolean): string | undefined {
  if (isHelmfileState(path)) return dirOf(path);
  for (let folder = dirOf(path); ; folder = dirOf(folder)) {
    if (baseName(folder) === 'helmfile.d') return folder;
    const at = (name: string) => (folder === '' ? name : `${folder}/${name}`);
    if (['helmfile.yaml', 'helmfile.yml', 'helmfile.yaml.gotmpl', 'helmfile.yml.gotmpl'].some((n) => exists(at(n)))) return folder;
    if (folder === '') return undefined;
  }
}

/**
 * The changed inputs of helmfile projects, by project: state files, and YAML/JSON (or Go-templated) files
 * below a project's folder that hold no Kubernetes object (values, environments, release templates).
 * Left out: files holding Kubernetes objects (other notes say those; `text`: a side's text of a path) and
 * those `skip` names (a chart's own files, files a cluster model read, edits of image coordinates only).
 * `exists`: whether a path is a file on either side.
 */
export function changedHelmfileInputs(
  paths: readonly string[],
  exists: (path: string) => boolean,
  text: (path: string) => string | undefined,
  skip: (path: string) => boolean,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of paths) {
    if (!PROJECT_INPUT.test(p) || skip(p)) continue;
    const project = helmfileProject(p, exists);
    if (project === undefined) continue;
    if (!isHelmfileState(p) && holdsObjects(text(p))) continue;
    out.set(project, [...(out.get(project) ?? []), p]);
  }
  return out;
}

/** A document with a top-level `apiVersion:` and `kind:`: a Kubernetes object, not helmfile input. */
function holdsObjects(text: string | undefined): boolean {
  return text !== undefined && /^apiVersion:/m.test(text) && /^kind:/m.test(text);
}
