/**
 * A path's source and destination as every report joins them in prose: `src => dst`, as `list` writes its rows
 * (`src => dst : conns`). Only for a path's two ends; a change from one thing to another (a version `v1 → v2`,
 * a renamed workload, a rule's field edit) keeps `→`.
 */
export function pathText(src: string, dst: string): string {
  return `${src} => ${dst}`;
}
