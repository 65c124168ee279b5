/**
 * The note of a path that names nothing, as a change's two sides read it: a controller object's path that does not
 * exist (a Flux Kustomization's `spec.path`: flux.ts; an Argo CD Application's source path: argocd.ts), a configured
 * target's root that matches nothing (target-files.ts). Each side is discovered and read alone, so its note said
 * "does not exist in this repository", "matches nothing on this side", of that side's tree; kept beside the other
 * side's, it said so of a path the change adds (real repositories 44, soerenschneider 779d610:
 * `./clusters/svc.ez.soeren.cloud`, the folder the commit adds, said not to exist), or did not say which side. The
 * note carries what it is about (`Notice.absent`) and its words are made from it and the side (`absentMessage`):
 * one side's note of a path the other side has says so of that side.
 */
import type { Notice } from './types.js';

/** A controller object's path (`does not exist`) or a configured target's root (`matches nothing`). */
export type AbsentKind = 'path' | 'root';

/** What a note of a path that names nothing is about (Notice `absent`). */
export interface Absent {
  /** The path: a controller's as a repository folder (`clusters/a`), a configured root as written (a glob too). */
  readonly path: string;
  /** What names it, as the note begins: `Flux Kustomization web: path ./apps/web`, `prod: root clusters/prod`. */
  readonly what: string;
  readonly kind: AbsentKind;
  /**
   * In a change: the one side that lacks it, the other having it (`base`: the change adds it; `head`: it removes it),
   * or `both`. Absent: the one side read (a configured root), the repository (a controller's path).
   */
  readonly on?: 'base' | 'head' | 'both';
}

/** The words of a note of `absent` (`Flux Kustomization web: path ./apps/web does not exist on base; this change adds it`). */
export function absentMessage(absent: Pick<Absent, 'what' | 'kind' | 'on'>): string {
  const verb = absent.kind === 'path' ? 'does not exist' : 'matches nothing';
  const change = absent.on === 'base' ? '; this change adds it' : absent.on === 'head' ? '; this change removes it' : '';
  const where = absent.on === 'base' || absent.on === 'head' ? `on ${absent.on}` : absent.kind === 'path' ? 'in this repository' : absent.on === 'both' ? 'on base or head' : 'on this side';
  return `${absent.what} ${verb} ${where}${change}`;
}

/** A MISSING_ROOT note of `absent` (its words `absentMessage`'s). */
export function absentNote(absent: Absent, ref: Notice['ref']): Notice {
  return { code: 'MISSING_ROOT', message: absentMessage(absent), ...(ref ? { ref } : {}), absent };
}

/**
 * `notes` (one side's, `side`) with each note of a path that names nothing (`absent`) the other side does not make
 * too (`otherSays`, by message) saying it of `side` when the other side has that path (`onOther`), and that the change
 * adds or removes it; a configured root the other side lacks too, or says it of too, is said of both sides. The
 * others as they are: a controller's path the other side lacks is missing in the repository.
 */
export function absentBySide(notes: readonly Notice[], side: 'base' | 'head', otherSays: readonly Notice[], onOther: (absent: Absent) => boolean): Notice[] {
  const said = new Set(otherSays.map((n) => n.message));
  return notes.map((n) => {
    if (n.absent === undefined || n.absent.on !== undefined) return n;
    const on: Absent['on'] = !said.has(n.message) && onOther(n.absent) ? side : n.absent.kind === 'root' ? 'both' : undefined;
    if (on === undefined) return n;
    const absent: Absent = { ...n.absent, on };
    return { ...n, message: absentMessage(absent), absent };
  });
}
