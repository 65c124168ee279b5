/**
 * The upstream netpol e2e cluster as manifests: namespaces x, y, z, and in each the pods a, b, c
 * (Deployments labelled `pod: <name>`), every pod serving 80 and 81 on TCP, UDP and SCTP through
 * container ports named `serve-<port>-<protocol>`, as upstream's agnhost containers do.
 */
export const NAMESPACES = ['x', 'y', 'z'] as const;
export const POD_NAMES = ['a', 'b', 'c'] as const;
export const PODS: readonly string[] = NAMESPACES.flatMap((ns) => POD_NAMES.map((p) => `${ns}/${p}`));
export const SERVED_PORTS = [80, 81] as const;
export const SERVED_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

export type LabelChanges = Readonly<Record<string, Readonly<Record<string, string>>>>;

function labelLines(labels: Readonly<Record<string, string>>, indent: string): string {
  return Object.entries(labels)
    .map(([k, v]) => `${indent}${k}: ${JSON.stringify(v)}`)
    .join('\n');
}

/** Namespaces and Deployments, with the scenario's extra namespace and pod labels applied. */
export function clusterYaml(namespaceLabels: LabelChanges = {}, podLabels: LabelChanges = {}): string {
  const docs: string[] = [];
  for (const ns of NAMESPACES) {
    const labels = namespaceLabels[ns] ?? {};
    const meta = Object.keys(labels).length ? `\n  labels:\n${labelLines(labels, '    ')}` : '';
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}${meta}\n`);
  }
  for (const ns of NAMESPACES) {
    for (const pod of POD_NAMES) {
      const labels = { pod, ...(podLabels[`${ns}/${pod}`] ?? {}) };
      const containers = SERVED_PORTS.flatMap((port) =>
        SERVED_PROTOCOLS.map((proto) => {
          const p = proto.toLowerCase();
          return `      - name: cont-${port}-${p}\n        image: agnhost\n        ports:\n        - name: serve-${port}-${p}\n          containerPort: ${port}\n          protocol: ${proto}`;
        }),
      ).join('\n');
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      pod: ${pod}\n  template:\n    metadata:\n      labels:\n${labelLines(labels, '        ')}\n    spec:\n      containers:\n${containers}\n`,
      );
    }
  }
  return docs.join('---\n');
}

export function workloadId(pod: string): string {
  const [ns, name] = pod.split('/');
  return `${ns}/${name}[Deployment]`;
}
