/**
 * MANIFEST_REJECTED: what the API server would refuse (the loader's errors), as findings of severity
 * error, so one list drives the check. Identified by code and message, which name the object, not the line.
 */
import type { FindingInput } from './context.js';
import { finding } from './context.js';
import type { Finding } from './types.js';
import type { Diagnostic, DiagnosticCode } from '../manifests/diagnostics.js';
import { sentence } from '../util/sentence.js';

/** A build that fails may be right where it is deployed from: its bases may lie outside the folder read. */
const BUILD_FIX = 'Correct the kustomization (or the file it names), or, when its bases lie outside the folder read, read the repository root and narrow with --path; until then the build deploys nothing.';

/** A parser stops where the text stops making sense, which can be a line after the mistake (an unclosed `{`). */
const SYNTAX_FIX = 'Correct the YAML of this document, at this line or just before it; until then neither kubectl nor reachdiff reads the document.';

/**
 * What becomes of an object the API server would reject (src/manifests/load.ts addObject): a policy is left
 * out, any other object is read without the bad field (names as if valid), and in `diff` an object base has
 * keeps base's version.
 */
const FIELD_FIX = 'Correct the field the message names: the API server rejects the object as written (reachdiff leaves such a policy out, and reads other objects without the bad field).';

/** Cilium's agent imports none of a policy one rule of which fails its validation, and keeps the rules it had. */
const AGENT_FIX = "Correct the field the message names: the API server stores the policy, but Cilium's agent refuses it as written and applies none of it (an update it refuses leaves the rules it had); reachdiff leaves it out likewise.";

function fixOf(code: DiagnosticCode): string {
  if (code === 'KUSTOMIZE_BUILD_FAILED') return BUILD_FIX;
  if (code === 'AGENT_REFUSED') return AGENT_FIX;
  return code === 'YAML_SYNTAX' ? SYNTAX_FIX : FIELD_FIX;
}

/** The object a policy's summary error names (`NetworkPolicy shop/api-in would be rejected …; it is not applied`: Diagnostic `unapplied`), or undefined for another error. */
const summaryOwner = (d: Diagnostic): string | undefined => (d.unapplied && !d.unapplied.keptBase ? d.unapplied.owner : undefined);

/**
 * A policy's summary error names no field: its fix points at the object's own errors (`p.yaml:7`), which do
 * (new-user trial 50). Others: by code (fixOf).
 */
function fixFor(d: Diagnostic, errors: readonly Diagnostic[]): string {
  const owner = summaryOwner(d);
  const fix = fixOf(d.code);
  if (owner === undefined) return fix;
  const causes = errors.filter((e) => e !== d && e.ref.file === d.ref.file && e.message.startsWith(`${owner}:`)).map((e) => `${e.ref.file}:${e.ref.line}`);
  if (causes.length === 0) return fix;
  return fix.replace('Correct the field the message names', `Correct the field ${causes.length === 1 ? 'its error names' : 'its errors name'} (${[...new Set(causes)].join(', ')})`);
}

export function manifestRejectedFindings(input: FindingInput): Finding[] {
  const errors = input.diagnostics.filter((d) => d.severity === 'error');
  return errors.map((d) =>
    finding('MANIFEST_REJECTED', {
      message: sentence(d.message),
      ref: d.ref,
      subject: d.code,
      object: d.message,
      fix: fixFor(d, errors),
    }),
  );
}
