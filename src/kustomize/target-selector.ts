/**
 * Patch targets as Kustomize selects them (resmap Select): group, version, kind, name and namespace are
 * regular expressions anchored to the whole value; name and namespace match the original or the current
 * value; labelSelector and annotationSelector use Kubernetes' selector syntax
 * (`a=b,c!=d,e in (f,g),h notin (i),j,!k`).
 */
import type { SourceRef } from '../engine/model.js';
import type { Selector } from './kustomization.js';
import { KustomizeError, isMap } from './nodes.js';
import type { Resource } from './resource.js';
import { gvkOf, isClusterScoped } from './resource.js';
import { splitTopLevel } from '../util/split-top-level.js';

type Requirement = { key: string; op: 'in' | 'notin' | 'exists' | '!exists'; values: string[] };

export function selectTargets(resources: readonly Resource[], sel: Selector, ref: SourceRef): Resource[] {
  const re = (s: string | undefined) => {
    if (s === undefined || s === '') return undefined;
    try {
      return new RegExp(`^(?:${s})$`);
    } catch {
      throw new KustomizeError(`target: "${s}" is not a valid regular expression`, ref);
    }
  };
  const [group, version, kind, name, namespace] = [sel.group, sel.version, sel.kind, sel.name, sel.namespace].map(re);
  const labels = sel.labelSelector ? parseSelector(sel.labelSelector, ref) : undefined;
  const annotations = sel.annotationSelector ? parseSelector(sel.annotationSelector, ref) : undefined;
  return resources.filter((r) => {
    // A chart's stand-in is no object of the build (resource.ts `Resource.chart`).
    if (r.chart !== undefined) return false;
    const g = gvkOf(r.obj);
    if ((group && !group.test(g.group)) || (version && !version.test(g.version)) || (kind && !kind.test(g.kind))) return false;
    const first = r.history[0] ?? currentId(r);
    const now = currentId(r);
    const effective = (ns: string) => (isClusterScoped(g.kind) ? '' : ns || 'default');
    if (namespace && !namespace.test(effective(first.namespace)) && !namespace.test(effective(now.namespace))) return false;
    if (name && !name.test(first.name) && !name.test(now.name)) return false;
    const meta = isMap(r.obj.metadata) ? r.obj.metadata : {};
    if (labels && !matches(labels, meta.labels)) return false;
    if (annotations && !matches(annotations, meta.annotations)) return false;
    return true;
  });
}

function currentId(r: Resource): { name: string; namespace: string } {
  const meta = isMap(r.obj.metadata) ? r.obj.metadata : {};
  return { name: typeof meta.name === 'string' ? meta.name : '', namespace: typeof meta.namespace === 'string' ? meta.namespace : '' };
}

function matches(reqs: readonly Requirement[], raw: unknown): boolean {
  const labels = isMap(raw) ? raw : {};
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key);
    const v = has ? String(labels[r.key]) : undefined;
    switch (r.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return v !== undefined && r.values.includes(v);
      case 'notin':
        return v === undefined || !r.values.includes(v);
    }
  });
}

/** Kubernetes label selector syntax (apimachinery labels.Parse). */
export function parseSelector(text: string, ref: SourceRef): Requirement[] {
  const out: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const s = part.trim();
    if (s === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(s))) {
      out.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') });
    } else if ((m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(s))) {
      out.push({ key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] });
    } else if ((m = /^!\s*([^\s!=(),]+)$/.exec(s))) {
      out.push({ key: m[1], op: '!exists', values: [] });
    } else if ((m = /^([^\s!=(),]+)$/.exec(s))) {
      out.push({ key: m[1], op: 'exists', values: [] });
    } else {
      throw new KustomizeError(`"${text}" is not a valid label selector`, ref);
    }
  }
  return out;
}
