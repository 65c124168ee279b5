/**
 * `--fail-on` of the CLI and the Action's `fail-on` input, read by one parser so both accept the same
 * values (one, or a comma-separated list, as `failOn` in the configuration) and refuse the same mistakes.
 */
import type { FailOn, FailOnValue } from '../report/verdict.js';
import { FAIL_ON, failOnConflict, parseFailOn } from '../report/verdict.js';
import { didYouMean } from '../util/near-names.js';
import { UsageError } from './errors.js';

/**
 * `raw` as a FailOn; absent or blank: undefined (the configuration's `failOn` applies). `name` is how the
 * user wrote the setting (`--fail-on`, `fail-on input`), for the message. Throws UsageError for an
 * unknown value (with the nearest known one) and for `never` beside values that fail: a value that is
 * not understood must never quietly stop the check from failing.
 */
export function failOnOption(raw: string | undefined, name = '--fail-on'): FailOn | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const failOn = parseFailOn(raw);
  if (!failOn) {
    const wrong = raw.split(',').map((s) => s.trim()).find((s) => !FAIL_ON.includes(s as FailOnValue)) ?? raw;
    throw new UsageError(`${name} must be one or more (comma-separated) of ${FAIL_ON.join(', ')} (got "${wrong}")${didYouMean(wrong, FAIL_ON)}`);
  }
  const conflict = failOnConflict(failOn);
  if (conflict) throw new UsageError(`${name} ${raw}: ${conflict}`);
  return failOn;
}
