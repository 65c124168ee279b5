/**
 * Processor time this process has used, in milliseconds (user + system, every thread of the process:
 * Node's `process.cpuUsage`). A bound on work measured so stays put when the machine is busy: the wall
 * clock runs on while other processes hold the processor, this one does not (a rollback search bounded by
 * the wall clock found a weaker set under load 13 than on a quiet machine, GizmoTickler/home-ops 0e65bef7).
 */
export function processorMillis(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
