/** "all" and "any" are valid port names: they must not be mistaken for "every port". */
import { analyzeYaml, lines } from '../helpers/analyze.js';

const pods = `apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
---
apiVersion: v1
kind: Pod
metadata: {name: server, labels: {app: server}}
spec:
  containers:
    - name: s
      ports:
        - {name: all, containerPort: 8080}
        - {name: any, containerPort: 9090}
`;

describe('ports named all and any', () => {
  it('a policy port named "all" allows only that container port', () => {
    const a = analyzeYaml(`${pods}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress:
    - ports: [{port: all}]
`);
    expect(lines(a)).toContain('default/client[Pod] => default/server[Pod] : TCP 8080');
  });

  it('an Ingress backend naming Service port "any" uses only that port', () => {
    const a = analyzeYaml(`${pods}---
apiVersion: v1
kind: Service
metadata: {name: server}
spec:
  selector: {app: server}
  ports:
    - {name: any, port: 80, targetPort: any}
    - {name: other, port: 81, targetPort: all}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing}
spec:
  defaultBackend:
    service: {name: server, port: {name: any}}
`);
    expect(lines(a)).toContain('{ingress-controller} => default/server[Pod] : TCP 9090');
  });
});
