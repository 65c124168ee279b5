/**
 * MANIFEST_REJECTED: what the API server would refuse (the loader's errors), as findings of severity
 * error, so one list drives the check. Identified by code and message, which name the object, not the line.
 */
import type { FindingInput } from './context.js';
import { finding } from './context.js';
import type { Finding } from './types.js';

/** A build that fails may be right where it is deployed from: its bases may lie outside the folder read. */
const BUILD_FIX = 'Correct the kustomization (or the file it names), or, when its bases lie outside the folder read, read the repository root and narrow with --path; until then the build deploys nothing.';

export function manifestRejectedFindings(input: FindingInput): Finding[] {
  return input.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) =>
      finding('MANIFEST_REJECTED', {
        message: d.message.endsWith('.') ? d.message : `${d.message}.`,
        ref: d.ref,
        subject: d.code,
        object: d.message,
        fix: d.code === 'KUSTOMIZE_BUILD_FAILED' ? BUILD_FIX : 'Correct the field the message names; until then the object is not applied.',
      }),
    );
}
