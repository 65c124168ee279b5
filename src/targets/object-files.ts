/**
 * YAML files that hold no Kubernetes object make no target. A repository read by its layout also holds
 * YAML that is configuration of other tools (a GitHub Action's `action.yml`, a GitHub App manifest
 * `app.yml`, a Serverless Framework `serverless.yml`): the loader reads nothing from them (no document with
 * a `kind`), but target discovery counted them as plain manifests, so a repository whose manifests are
 * all alternative bundles showed a `plain manifests` target of three such files, analysed as an empty cluster.
 *
 * A file holds no object when no document of it is a mapping with a string `kind` (the loader's test,
 * src/manifests/load.ts, which also reads a `kind` without `apiVersion` to warn about it). The text is
 * scanned first: a file with no `kind:` key anywhere holds none, and one with a `kind:` line at the start
 * of a line (a block-style document's top level, or JSON) is taken to hold one without a parse; only the
 * few others (a `kind:` nested or in a flow mapping) are parsed. Files that are not text, or do not
 * parse, are kept: the loader says why they are not read.
 */
import { parseDocuments } from '../manifests/yaml-documents.js';
import { isObject } from '../manifests/context.js';
import { textFact } from './text-facts.js';

/** A `kind` key anywhere (block, flow or JSON). */
const ANY_KIND = /\bkind["']?\s*:/;
/** A `kind` key opening a line: a block-style document's top level, a JSON member. */
const KIND_LINE = /^(?:kind\s*:|\s*"kind"\s*:)/m;

/** A text with a line starting a `kind:` field (KIND_LINE), asked once per file (text-facts.ts). */
export const HAS_KIND_LINE = textFact((text) => KIND_LINE.test(text));

/** Whether file text `text` certainly holds no Kubernetes object (no document is a mapping with a string `kind`). */
export function holdsNoObject(text: string): boolean {
  // A `kind:` line first: it stops at the top of almost every manifest, where the test for binary text reads
  // the whole file (both answer false; every KIND_LINE match is an ANY_KIND match).
  if (KIND_LINE.test(text)) return false;
  if (text.indexOf('\u0000') >= 0 || text.indexOf('\uFFFD') >= 0) return false;
  if (!ANY_KIND.test(text)) return true;
  const docs = parseDocuments(text, 'kubectl', false);
  if (docs.some((d) => d.error)) return false;
  return !docs.some((d) => isObject(d.value) && typeof d.value.kind === 'string');
}

/** `holdsNoObject` of a file's text, asked once per file (text-facts.ts). */
export const HOLDS_NO_OBJECT = textFact(holdsNoObject);
