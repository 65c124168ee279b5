/** Commits as GitHub would serve them: files with real git blob SHAs, trees, tarballs, PR file patches. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { structuredPatch } from 'diff';

export interface Commit {
  readonly sha: string;
  readonly files: ReadonlyMap<string, string>;
  /** Symbolic links: path → target (git stores each as a mode 120000 blob holding the target). */
  readonly links?: ReadonlyMap<string, string>;
}

export function blobSha(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export function commit(label: string, files: ReadonlyMap<string, string>, links?: ReadonlyMap<string, string>): Commit {
  return { sha: createHash('sha1').update(`commit ${label}`).digest('hex'), files, ...(links ? { links } : {}) };
}

export function readFolder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

export const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

/** `n` ConfigMaps (ignored by the engine, but manifests all the same) to grow a repo. */
export function filler(n: number, prefix = 'filler'): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const name = `cm-${String(i).padStart(4, '0')}`;
    out.set(`${prefix}/${name}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: shop\ndata:\n  index: "${i}"\n`);
  }
  return out;
}

export function treeResponse(c: Commit, extra: { path: string; type: 'tree' | 'blob' }[] = []) {
  const tree = [...c.files].map(([path, text]) => ({ path, mode: '100644', type: 'blob', sha: blobSha(text), size: Buffer.byteLength(text) }));
  for (const [path, target] of c.links ?? []) tree.push({ path, mode: '120000', type: 'blob', sha: blobSha(target), size: Buffer.byteLength(target) });
  for (const e of extra) tree.push({ path: e.path, mode: e.type === 'tree' ? '040000' : '100644', type: e.type, sha: blobSha(e.path), size: 0 });
  return { sha: c.sha, url: '', truncated: false, tree };
}

/** A gzipped ustar archive with GitHub's layout (`owner-repo-sha/` on top, a pax global header first). */
export function tarball(c: Commit, top: string): Buffer {
  const blocks: Buffer[] = [];
  const pax = Buffer.from(`52 comment=${c.sha}\n`);
  blocks.push(header('pax_global_header', pax.length, 'g'), pad(pax));
  blocks.push(header(`${top}/`, 0, '5'));
  for (const [path, text] of c.files) {
    const body = Buffer.from(text, 'utf8');
    blocks.push(header(`${top}/${path}`, body.length, '0'), pad(body));
  }
  for (const [path, target] of c.links ?? []) blocks.push(header(`${top}/${path}`, 0, '2', target));
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

function header(path: string, size: number, type: string, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(path) > 100) {
    const cut = path.lastIndexOf('/', path.length - 2);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(linkname, 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function pad(body: Buffer): Buffer {
  const rest = body.length % 512;
  return rest ? Buffer.concat([body, Buffer.alloc(512 - rest)]) : body;
}

/** `GET /pulls/{n}/files` entries: status and a GitHub-style patch (3 lines of context) per changed file. */
export function pullFiles(base: Commit, head: Commit) {
  const paths = [...new Set([...base.files.keys(), ...head.files.keys()])].sort();
  const out: { filename: string; status: string; patch?: string }[] = [];
  for (const path of paths) {
    const a = base.files.get(path);
    const b = head.files.get(path);
    if (a === b) continue;
    const p = structuredPatch(path, path, a ?? '', b ?? '', '', '', { context: 3 });
    const patch = p.hunks.map((h) => `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@\n${h.lines.join('\n')}`).join('\n');
    out.push({ filename: path, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'modified', patch });
  }
  return out;
}
