/**
 * New-user trial 41's repository (Tsuguya/home 73827ab, reduced): a namespace `argo` with opt-in labels (one
 * CiliumNetworkPolicy per label), enough of them to take its label space past the region bound, and the
 * SeaweedFS filer whose ingress admits argo's workflow pods (`workflows.argoproj.io/workflow`) on TCP 8333.
 */
/** Namespaces argo and seaweedfs, the filer and its ingress policy, an `aqua` egress policy on `port`, and `jobs` one-label egress policies in argo. */
export function optInRepository(port: number, jobs = 14): { path: string; text: string }[] {
  const base = `apiVersion: v1
kind: Namespace
metadata: {name: argo}
---
apiVersion: v1
kind: Namespace
metadata: {name: seaweedfs}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: filer, namespace: seaweedfs}
spec:
  selector: {matchLabels: {app: filer}}
  template:
    metadata: {labels: {app: filer}}
    spec: {containers: [{name: f, image: x, ports: [{containerPort: 8333}]}]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: filer, namespace: seaweedfs}
spec:
  endpointSelector: {matchLabels: {app: filer}}
  ingress:
    - fromEndpoints:
        - matchExpressions:
            - {key: workflows.argoproj.io/workflow, operator: Exists}
          matchLabels: {io.kubernetes.pod.namespace: argo}
      toPorts:
        - ports: [{port: "8333", protocol: TCP}]
`;
  const aqua = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: aqua, namespace: argo}
spec:
  endpointSelector: {matchLabels: {aqua: "true"}}
  egress:
    - toEndpoints:
        - matchLabels: {app: filer, io.kubernetes.pod.namespace: seaweedfs}
      toPorts:
        - ports: [{port: "${port}", protocol: TCP}]
`;
  const job = (i: number) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: job${i}, namespace: argo}
spec:
  endpointSelector: {matchLabels: {job${i}: "true"}}
  egress:
    - toEndpoints:
        - matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
      toPorts:
        - ports: [{port: "53", protocol: UDP}]
`;
  return [
    { path: 'all.yaml', text: base },
    { path: 'aqua.yaml', text: aqua },
    { path: 'jobs.yaml', text: Array.from({ length: jobs }, (_, i) => job(i)).join('---\n') },
  ];
}
