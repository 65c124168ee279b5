/**
 * UNKNOWN_NAMED_PORT: a rule names a container port that no destination pod the manifests hold defines with
 * that protocol, so that port allows nothing to them (pods created later that declare it: diff's namedPorts). The engine finds these while resolving named ports per destination; this
 * turns its diagnostics into findings.
 */
import type { FindingInput } from './context.js';
import { findingsFromDiagnostics } from './diagnostic-findings.js';
import type { Finding } from './types.js';

export function unknownNamedPortFindings(input: FindingInput): Finding[] {
  return findingsFromDiagnostics(
    input.conn.diagnostics,
    'UNKNOWN_NAMED_PORT',
    'UNKNOWN_NAMED_PORT',
    'Use the port name a destination container declares (spec.containers[].ports[].name, same protocol), or the port number.',
  );
}
