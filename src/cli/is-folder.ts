/** Whether a path on disk is a folder (a `diff` side read as a folder rather than a git revision); false when it does not exist. */
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';

export function isFolder(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/** `isFolder` for synchronous callers (argument checks before anything is read). */
export function isFolderSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
