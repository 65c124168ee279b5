/**
 * How soon V8 optimizes a function, for a process that runs one analysis (the CLI, the Action) or one
 * analysis per event (the App's worker and server).
 *
 * V8 counts the bytecode a function runs against its *interrupt budget*; when the budget runs out it
 * considers the function hot and compiles it with its optimizing compiler (on a helper thread). An
 * analysis runs thousands of functions a few hundred times each (one call per region, per rule, per
 * pair): with the default budget (67,584 bytes of bytecode) V8 optimizes most of them, and at 10,000
 * workloads that compiling cost about a third of the process's CPU time: more than it saved. With a
 * budget of 1,000,000 only the really hot loops (parsing, the connectivity rows) are optimized, a little
 * later. Measured in fresh processes (`bench/profile-whole.js`; docs/performance.md, thirtieth session):
 * one cold whole diff of the 10k bench pair 5.5–6.5 s → 3.7–4.3 s CPU and 4.0–4.5 s → 3.4–3.9 s wall; at
 * 100k 35.1 → 32.5 s CPU, 30.1 → 29.0 s wall (the optimized code is reached all the same, so long runs do
 * not slow down). Measured again on Node 20 (V8 11.3; docs/performance.md, session 58): 100,000 and 300,000
 * cost more, 2,000,000, 4,000,000, Maglev and always-Sparkplug were not told apart, and code V8 optimized as far
 * as it goes ran the diff no faster than this setting's warm code.
 *
 * Semantics: V8's `--interrupt-budget` flag (src/flags/flag-definitions.h), set at run time with
 * `v8.setFlagsFromString`: it applies to every budget V8 sets from then on, so the call comes first in
 * each entry point, before any analysis runs. Idempotent; throws nothing.
 */
import { setFlagsFromString } from 'node:v8';

/** Bytes of bytecode a function runs before V8 considers optimizing it (V8's default: 67,584). */
export const INTERRUPT_BUDGET = 1_000_000;

/** Sets V8's interrupt budget for this process (see the module comment). */
export function tuneTierUp(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
