/**
 * `--namespace` (and the Action's `namespace` input) checked as the API server checks a namespace name: every
 * command reads it (list's filter, the others' namespace of namespace-less objects), and objects placed in a
 * name the API server refuses would be analysed where no cluster can hold them (new-user trial 35: only
 * `list` refused `Bad_NS`; `diff`, `lint`, `explain`, `targets` and the Action placed objects there).
 */
import { namespaceNameError } from '../manifests/api-syntax.js';
import { UsageError } from './errors.js';

/** `value` unchanged, or a UsageError naming `what` (`--namespace`, `the namespace input`) and why. */
export function namespaceOption(value: string | undefined, what: string): string | undefined {
  const invalid = value === undefined ? undefined : namespaceNameError(value);
  if (invalid) throw new UsageError(`${what}: ${invalid}`);
  return value;
}
