/**
 * The note of a controller object whose path does not exist (a Flux Kustomization's `spec.path`: flux.ts; an Argo CD
 * Application's source path: argocd.ts), as a change's two sides read it. Each side is discovered alone, so its note
 * says "does not exist in this repository" of that side's tree; base's, kept beside head's, said it of a path the
 * change adds (real repositories 44, soerenschneider 779d610: `./clusters/svc.ez.soeren.cloud`, the folder the
 * commit adds, said not to exist). Base's note of a path head has says so of base.
 */
import type { Notice } from './types.js';

/** How a side's note says its path is missing (flux.ts, argocd.ts), the words a diff changes for a path only base lacks. */
export const NOT_IN_REPOSITORY = 'does not exist in this repository';

/**
 * `base` (base's notices) with each note of a path that does not exist (`absentPath`, said `NOT_IN_REPOSITORY`)
 * whose folder head has (`onHead`) saying it of base, and that the change adds it; the others as they are, and
 * one head says too (the same words: true of both sides, its folder a `.gitkeep` alone there).
 */
export function absentOnBase(base: readonly Notice[], head: readonly Notice[], onHead: (folder: string) => boolean): Notice[] {
  const said = new Set(head.map((n) => n.message));
  return base.map((n) => (n.absentPath !== undefined && n.message.includes(NOT_IN_REPOSITORY) && !said.has(n.message) && onHead(n.absentPath) ? { ...n, message: n.message.replace(NOT_IN_REPOSITORY, 'does not exist on base; this change adds it') } : n));
}
