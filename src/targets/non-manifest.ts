/**
 * Files a GitOps repository holds beside its manifests, recognised by path or content and skipped
 * without a warning: Helm charts (never parsed file by file), `Chart.yaml` and `values*.yaml`,
 * kustomization files (rendered, not applied), GitHub and CI workflow files, `package.json` and other
 * tool files, compose files, helmfile's state files and Go-templated YAML (`*.gotmpl`, helmfile.ts), and
 * encrypted files (git-crypt, SOPS; one notice names them).
 * Files holding no Kubernetes object at all are left to the loader, which skips them quietly too.
 */
import picomatch from 'picomatch';
import { isKustomizationPath } from '../kustomize/file-set.js';
import type { RepoFiles } from './repo-files.js';
import { isHelmfileState } from './helmfile.js';
import { baseName, dirOf, inFolder } from '../util/repo-paths.js';
import { hasFact, textFact } from './text-facts.js';


/** Globs of paths that are never manifests, whatever they hold. */
export const NEVER_GLOBS: readonly string[] = [
    '.github/**',
    '.gitlab-ci.yml',
    '.gitlab/**',
    '.circleci/**',
    '**/Chart.yaml',
    '**/Chart.lock',
    '**/values*.yaml',
    '**/values*.yml',
    '**/values*.json',
    '**/package.json',
    '**/package-lock.json',
    '**/tsconfig*.json',
    '**/renovate.json',
    '**/.pre-commit-config.yaml',
    '**/.yamllint*',
    '**/docker-compose*.y?(a)ml',
    '**/compose*.y?(a)ml',
    '**/.sops.yaml',
    '**/mkdocs.yml',
    // Go-templated YAML (helmfile's values.yaml.gotmpl, helmfile.yaml.gotmpl): read to see it change, rendered by helmfile only.
    '**/*.gotmpl',
    // Terraform, Jsonnet and CUE: read to see a change that writes network policies (policy-sources.ts), never applied as written.
    '**/*.tf',
    '**/*.jsonnet',
    '**/*.libsonnet',
    '**/*.cue',
    // Flux source-controller's ignore files: read for what a source leaves out (flux-source-ignore.ts).
    '**/.sourceignore',
];

/** Paths that are never manifests, whatever they hold. */
const NEVER = picomatch([...NEVER_GLOBS], { dot: true });

/**
 * Text every path NEVER_GLOBS matches holds (each glob spells one of them out, with no wildcard inside it):
 * a path holding none is never matched, which most manifests' paths show without running the globs, once
 * per path of a cold run's first side.
 */
export const NEVER_MARKS: readonly string[] = ['.github', '.gitlab', '.circleci', 'Chart.', 'values', 'package', 'tsconfig', 'renovate.json', '.pre-commit-config.yaml', '.yamllint', 'compose', '.sops.yaml', 'mkdocs.yml', '.gotmpl', '.tf', 'sonnet', '.cue', '.sourceignore'];

/** Any of NEVER_MARKS, as one expression: one search per path instead of one per mark. */
const ANY_NEVER_MARK = new RegExp(NEVER_MARKS.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

function neverManifest(path: string): boolean {
  return ANY_NEVER_MARK.test(path) && NEVER(path);
}

/**
 * What a path alone says (`pathReason`), remembered: every file's path is asked several times per side
 * (discovery, each target's files) and again on a warm process's next push; the globs and the name tests
 * cost more than the lookup. Bounded: cleared when full.
 */
const reasonByPath = new Map<string, 'kustomization' | 'not-a-manifest' | null>();
const MAX_PATHS = 200_000;

/** Forget every path's answer (tests compare discovery from scratch with discovery that reads the answers kept). */
export function clearPathReasons(): void {
  reasonByPath.clear();
}

/**
 * What every helmfile state file's path holds (its name starts `helmfile`, in any case, or its folder is
 * `helmfile.d`): a path without it is none, known without cutting out its name and folder (helmfile.ts).
 */
const MAY_BE_HELMFILE = /helmfile/i;

/** Why a file is not read as manifests by its path alone (a kustomization, or never a manifest), else null; the chart folders aside. */
function pathReason(path: string): 'kustomization' | 'not-a-manifest' | null {
  let reason = reasonByPath.get(path);
  if (reason === undefined) {
    if (reasonByPath.size >= MAX_PATHS) reasonByPath.clear();
    // Helmfile's state files are Go-templated YAML naming Helm releases (helmfile.ts), never applied as written.
    reason = isKustomizationPath(path) ? 'kustomization' : neverManifest(path) || (MAY_BE_HELMFILE.test(path) && isHelmfileState(path)) ? 'not-a-manifest' : null;
    reasonByPath.set(path, reason);
  }
  return reason;
}

/** Whether repository path `path` lies inside one of the chart folders `charts` (`''` is a chart at the root). */
export function inChartFolder(path: string, charts: readonly string[]): boolean {
  return charts.some((c) => inFolder(path, c));
}

/** The `Chart.yaml` path of chart folder `chart` (`''`: the repository root). */
export function chartFile(chart: string): string {
  return chart === '' ? 'Chart.yaml' : `${chart}/Chart.yaml`;
}

export type SkipReason = 'not-a-manifest' | 'kustomization' | 'chart' | 'encrypted';

/** Why a file is not read as manifests, or `undefined` when it is one. `charts` are the chart folders of the side. */
export function skipReason(path: string, text: string, charts: readonly string[]): SkipReason | undefined {
  return skippedByPath(path, charts) ?? (isEncrypted(text) ? 'encrypted' : undefined);
}

/** `skipReason` of a file, its text's encryption answered once per file (text-facts.ts). */
export function fileSkipReason(file: { readonly path: string; readonly text: string }, charts: readonly string[]): SkipReason | undefined {
  return skippedByPath(file.path, charts) ?? (hasFact(file, ENCRYPTED) ? 'encrypted' : undefined);
}

/** Why a file at `path` is not read whatever it holds (in a chart folder, a kustomization, never a manifest), else undefined. */
function skippedByPath(path: string, charts: readonly string[]): SkipReason | undefined {
  if (charts.length > 0 && inChartFolder(path, charts)) return 'chart';
  return pathReason(path) ?? undefined;
}

/**
 * git-crypt files start with `\0GITCRYPT\0`; SOPS keeps a top-level `sops:` mapping with its `mac`
 * (YAML) or a `"sops": {` object (JSON) beside values written `ENC[...]`.
 */
export function isEncrypted(text: string): boolean {
  if (text.startsWith('\u0000GITCRYPT')) return true;
  if (!text.includes('ENC[')) return false;
  return /^sops:\s*$/m.test(text) || /"sops"\s*:\s*\{/.test(text);
}

const ENCRYPTED = textFact(isEncrypted);

/** Chart folders: a folder holding `Chart.yaml` and a `templates/` folder; charts inside charts are folded into their parent. */
export function findCharts(files: RepoFiles): string[] {
  const charts: string[] = [];
  for (const path of [...files.byPath.keys()].sort()) {
    if (baseName(path) !== 'Chart.yaml') continue;
    const dir = dirOf(path);
    if (!files.isFolder(dir === '' ? 'templates' : `${dir}/templates`)) continue;
    if (inChartFolder(dir, charts)) continue;
    charts.push(dir);
  }
  return charts;
}
