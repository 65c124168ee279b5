/**
 * UNKNOWN_NAMED_PORT: a rule names a container port that no destination pod defines with that protocol,
 * so that port allows nothing. The engine finds these while resolving named ports per destination; this
 * turns its diagnostics into findings.
 */
import type { FindingInput } from './context.js';
import { finding } from './context.js';
import type { Finding } from './types.js';

export function unknownNamedPortFindings(input: FindingInput): Finding[] {
  return input.conn.diagnostics
    .filter((d) => d.code === 'UNKNOWN_NAMED_PORT')
    .map((d) =>
      finding('UNKNOWN_NAMED_PORT', {
        message: `${d.message}.`,
        ref: d.ref,
        subject: d.policy ?? d.ref.file,
        object: d.detail ?? d.message,
        fix: 'Use the port name a destination container declares (spec.containers[].ports[].name, same protocol), or the port number.',
      }),
    );
}
