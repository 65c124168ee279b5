/**
 * The cluster of the network-policy-api conformance suite, re-created: four "house" namespaces, each
 * with one StatefulSet serving TCP 80 (named `web`) and 8080, UDP 53 (named `dns`) and 5353, SCTP 9003
 * and 9005. Grids name the pods by house initial: G(ryffindor), H(ufflepuff), R(avenclaw), S(lytherin).
 */
export const HOUSES = [
  { initial: 'G', namespace: 'gryffindor', pod: 'harry-potter' },
  { initial: 'H', namespace: 'hufflepuff', pod: 'cedric-diggory' },
  { initial: 'R', namespace: 'ravenclaw', pod: 'luna-lovegood' },
  { initial: 'S', namespace: 'slytherin', pod: 'draco-malfoy' },
] as const;

export const HOUSE_PORTS = ['TCP/80', 'TCP/8080', 'UDP/53', 'UDP/5353', 'SCTP/9003', 'SCTP/9005'] as const;

export function housesYaml(): string {
  const docs: string[] = [];
  for (const h of HOUSES) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${h.namespace}\n  labels:\n    conformance-house: ${h.namespace}\n`);
    docs.push(`apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${h.pod}
  namespace: ${h.namespace}
spec:
  selector:
    matchLabels: {conformance-house: ${h.namespace}}
  template:
    metadata:
      labels: {conformance-house: ${h.namespace}}
    spec:
      containers:
        - {name: tcp-80, image: agnhost, ports: [{containerPort: 80, protocol: TCP, name: web}]}
        - {name: tcp-8080, image: agnhost, ports: [{containerPort: 8080, protocol: TCP}]}
        - {name: udp-53, image: agnhost, ports: [{containerPort: 53, protocol: UDP, name: dns}]}
        - {name: udp-5353, image: agnhost, ports: [{containerPort: 5353, protocol: UDP}]}
        - {name: sctp-9003, image: agnhost, ports: [{containerPort: 9003, protocol: SCTP}]}
        - {name: sctp-9005, image: agnhost, ports: [{containerPort: 9005, protocol: SCTP}]}
`);
  }
  return docs.join('---\n');
}

export function houseWorkloadId(initial: string): string {
  const h = HOUSES.find((x) => x.initial === initial);
  if (!h) throw new Error(`no house ${initial}`);
  return `${h.namespace}/${h.pod}[StatefulSet]`;
}
