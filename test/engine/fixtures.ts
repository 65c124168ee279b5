/** Tweakable manifest builders for the semantics tables. YAML is a superset of JSON, so documents are written as JSON. */
import type { Analysis } from '../helpers/analyze.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';

type Obj = Record<string, unknown>;

export interface ContainerPort {
  name: string;
  containerPort: number;
  protocol?: string;
}

export function namespace(name: string, labels: Record<string, string> = {}): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function deployment(ns: string, name: string, labels: Record<string, string>, ports: ContainerPort[] = []): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'img', ports }] } },
    },
  };
}

export function policy(ns: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export const app = (name: string): Obj => ({ matchLabels: { app: name } });

export function manifests(...objects: Obj[]): string {
  // A JSON stream, as kubectl reads a text that starts with `{` (a `---` there is a syntax error): a blank line stands where a YAML stream has its `---`, so every line stays where it was.
  return objects.map((o) => JSON.stringify(o, null, 1)).join('\n\n');
}

/** The same objects as YAML documents in flow style (`---` between them), for a text that starts with a comment line: kubectl then reads it as YAML. */
export function yamlManifests(...objects: Obj[]): string {
  return objects.map((o) => JSON.stringify(o, null, 1)).join('\n---\n');
}

/** The base cluster: a and b in `default`, c in `other` (labelled team=x). */
export function cluster(...extra: Obj[]): Obj[] {
  return [
    namespace('default'),
    namespace('other', { team: 'x' }),
    deployment('default', 'a', { app: 'a' }),
    deployment('default', 'b', { app: 'b' }),
    deployment('other', 'c', { app: 'c' }),
    ...extra,
  ];
}

export function analyze(...objects: Obj[]): Analysis {
  return analyzeYaml(manifests(...objects));
}

const EVERY_ADDRESS = '0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';

/** `src => dst : conns` rows, shortened: no `[Deployment]`, no `default/`, `*` for every address; sorted. */
export function view(a: Analysis): string[] {
  return lines(a)
    .map((l) => l.replace(/\[Deployment\]/g, '').replace(/(^| )default\//g, '$1').split(EVERY_ADDRESS).join('*'))
    .sort();
}

/** The base cluster's rows when nothing is isolated, keyed by `src => dst`. */
export const BASELINE = ['a => b', 'a => other/c', 'b => a', 'b => other/c', 'other/c => a', 'other/c => b', '* => a', '* => b', '* => other/c', 'a => *', 'b => *', 'other/c => *'];

/** "Default + exceptions": every baseline pair allows everything, except the pairs overridden (null = absent). */
export function allowedExcept(overrides: Record<string, string | null>): string[] {
  const m = new Map<string, string | null>(BASELINE.map((k) => [k, 'All Connections']));
  for (const [k, v] of Object.entries(overrides)) m.set(k, v);
  return [...m].flatMap(([k, v]) => (v === null ? [] : [`${k} : ${v}`])).sort();
}

export function codes(a: Analysis): string[] {
  return a.json.warnings.map((w) => w.code);
}
