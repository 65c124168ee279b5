/**
 * The note on named ports toward pods the manifests do not hold cites the port entry that names the port, not the
 * rule's `- from:` (new-user trial 50: a port edited in a Helm-rendered file, `port: 80` → `port: "eighty"`, was
 * cited at the rule's first line, five lines above the edit). Text, Markdown and JSON
 * (`abstractPeers.unresolvedNamedPorts[].ref`). Fixture written here, as `helm template` writes its output.
 */
import { diffReport } from '../helpers/folder-diff.js';

/** `- from:` at line 17, the port at line 22. */
const chart = (port: string) => `---
# Source: mychart/templates/networkpolicy.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: release-mychart
  labels:
    helm.sh/chart: mychart-0.1.0
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: mychart
      app.kubernetes.io/instance: release
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app: web
      ports:
        - port: ${port}
          protocol: TCP
`;

const diff = (format: string) => diffReport({ 'rendered/chart.yaml': chart('80') }, { 'rendered/chart.yaml': chart('"eighty"') }, format);

describe('the named-port note of a port edited in a rendered file', () => {
  it('cites the port line in text and Markdown', async () => {
    expect(await diff('text')).toContain('changed rules naming them: NetworkPolicy default/release-mychart ingress rule 1 (TCP port named eighty, rendered/chart.yaml:22)');
    expect(await diff('md')).toContain('NetworkPolicy default/release-mychart ingress rule 1 (TCP port named eighty, `rendered/chart.yaml:22`)');
  });

  it('gives the port line as the JSON ref', async () => {
    const json = JSON.parse(await diff('json')) as { abstractPeers: { unresolvedNamedPorts: { ports: string[]; ref: { file: string; line: number } }[] } };
    expect(json.abstractPeers.unresolvedNamedPorts.map((u) => [u.ports.join(','), `${u.ref.file}:${u.ref.line}`])).toEqual([['TCP/eighty', 'rendered/chart.yaml:22']]);
  });
});
