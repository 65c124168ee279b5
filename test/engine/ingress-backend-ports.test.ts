/**
 * An Ingress backend's service port is resolved as ingress-nginx resolves it: the Service port whose
 * number, name or targetPort equals it (controller.go compares the backend port with the port, the
 * target port and the port name). Matching only the targetPort keeps a warning: other controllers
 * would not route it.
 */
import { analyzeYaml } from '../helpers/analyze.js';

const app = (svcPorts: string, backendPort: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: c
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: ${svcPorts}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  defaultBackend:
    service: {name: web, port: ${backendPort}}
`;

const reach = (yaml: string) => {
  const a = analyzeYaml(yaml);
  const row = a.json.connections.find((c) => c.src.id === '{ingress-controller}');
  return { conn: row?.conn, codes: a.json.warnings.map((w) => w.code) };
};

describe('Ingress backend ports as ingress-nginx resolves them', () => {
  it.each<[string, string, string, object | undefined, string[]]>([
    ['the Service port number', '[{port: 80, targetPort: 8080}]', '{number: 80}', { protocols: { TCP: [[8080, 8080]] } }, []],
    ['the Service port name', '[{name: web, port: 80, targetPort: 8080}]', '{name: web}', { protocols: { TCP: [[8080, 8080]] } }, []],
    ['the numeric targetPort, not the port', '[{port: 80, targetPort: 8080}]', '{number: 8080}', { protocols: { TCP: [[8080, 8080]] } }, ['INGRESS_TARGET_PORT_MATCH']],
    ['the named targetPort', '[{port: 80, targetPort: http}]', '{name: http}', { protocols: { TCP: [[8080, 8080]] } }, ['INGRESS_TARGET_PORT_MATCH']],
    ['nothing', '[{port: 80, targetPort: 8080}]', '{number: 9999}', undefined, ['INGRESS_PORT_NOT_FOUND']],
  ])('a backend port matching %s', (_name, svcPorts, backendPort, conn, codes) => {
    const r = reach(app(svcPorts, backendPort));
    expect(r.conn).toEqual(conn);
    expect(r.codes).toEqual(codes);
  });
});
