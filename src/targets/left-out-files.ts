/**
 * Why a changed file below a target's root is in none of its builds by its controller's own settings: a Flux
 * source's ignore rules leave it out of the artifact the Kustomization builds from (flux-source-ignore.ts), or
 * an Argo CD Application's `directory` settings do not read it (argo-directory-filter.ts). Such a file is no
 * deployment of a folder nothing names ("name its folder under targets:" would be wrong advice): the note says
 * which setting, at its line where there is one (outside-targets.ts); patterns in backticks, as Markdown must
 * not read their `*` as emphasis. Pure.
 */
import type { SourceRef } from '../engine/model.js';
import type { RepoFiles } from './repo-files.js';
import type { TargetSpec } from './types.js';
import { artifactRule, ruleRef, ruleWords } from './flux-source-ignore.js';
import { directoryReads } from './argo-directory-filter.js';
import { argoGlob } from './argo-directory-filter.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

/** The setting that leaves a file out: `why` in words of one file or several (`GitRepository flux-system/flux-system leaves it out …`), `ref` where it is written. */
export interface SettingLeftOut {
  readonly why: (one: boolean) => string;
  /** Who left it out, for the headline (`GitRepository flux-system/flux-system`, `Application shop`). */
  readonly by: string;
  readonly ref?: SourceRef;
}

/**
 * The first of `targets` whose root holds `path` and whose settings leave it out, with why; undefined when none
 * does. `files`: the side's files (the `.sourceignore` files read).
 */
export function leftOutBySetting(path: string, targets: readonly TargetSpec[], files: RepoFiles): SettingLeftOut | undefined {
  for (const t of targets) {
    const name = t.controller?.name ?? t.name;
    const artifact = t.fluxArtifact;
    if (artifact && t.roots.some((r) => inFolder(path, r))) {
      const rule = artifactRule(files, artifact)(path);
      if (!rule) continue;
      const how = ruleWords(rule, artifact, files);
      const by = `${artifact.kind} ${artifact.source}`;
      const ref = ruleRef(rule, artifact, files) ?? t.ref;
      return { why: (one) => `${by} leaves ${one ? 'it' : 'them'} out of the artifact Flux Kustomization ${artifact.kustomization} builds from, by ${how}`, by, ...(ref ? { ref } : {}) };
    }
    if (t.origin === 'argocd') {
      for (const [root, filter] of Object.entries(t.directoryFilters ?? {})) {
        if (!inFolder(path, root)) continue;
        const by = `Application ${name}`;
        const ref = t.ref ? { ref: t.ref } : {};
        if (!filter.recurse && dirOf(path) !== root) return { why: (one) => `${by} reads ${root || '.'} without directory.recurse, and ${one ? 'the file is' : 'the files are'} in a subfolder`, by, ...ref };
        if (directoryReads(filter, root, path)) continue;
        const relative = root === '' ? path : path.slice(root.length + 1);
        const excluded = filter.exclude !== undefined && argoGlob(filter.exclude)?.test(relative);
        return { why: (one) => (excluded ? `${by} does not read ${one ? 'it' : 'them'}: its directory.exclude \`${filter.exclude}\` matches ${one ? 'it' : 'them'}` : `${by} does not read ${one ? 'it' : 'them'}: its directory.include \`${filter.include}\` does not match ${one ? 'it' : 'them'}`), by, ...ref };
      }
    }
  }
  return undefined;
}
