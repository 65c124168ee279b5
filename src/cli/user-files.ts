/** Files the user names on the command line (--config, --external-names, a manifest file), read with errors in words. */
import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

/** Why a file could not be read, in words (`no such file`), from a Node error; the code itself when it is an unusual one. */
export function readFailure(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return REASONS[code] ?? code;
  return (e as Error).message;
}

/**
 * The UTF-8 text of `path`. `what` names the file's role (`config file`, `external names file`).
 * Errors: UsageError `cannot read config file PATH: no such file`.
 */
export async function readUserFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${readFailure(e)}`);
  }
}
