/**
 * Reads the gzipped tarball GitHub serves for a commit (`GET /repos/{o}/{r}/tarball/{ref}`): regular
 * files only, with the top folder (`owner-repo-sha/`) removed. ustar, pax (`x`) and GNU long names.
 * `links`, when given, receives every symbolic link (type `2`): path → target as written.
 */
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

export function readTarball(gz: Uint8Array, keep: (path: string) => boolean, links?: Map<string, string>): Map<string, string> {
  const tar = gunzipSync(gz);
  const files = new Map<string, string>();
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = paxRecord(body.toString('utf8'), 'path') ?? longName;
      longLink = paxRecord(body.toString('utf8'), 'linkpath') ?? longLink;
    } else if (type === 'L') longName = body.toString('utf8').replace(/\0+$/, '');
    else if (type === 'K') longLink = body.toString('utf8').replace(/\0+$/, '');
    else if (type === '0' || type === '7') {
      const path = stripTop(longName ?? headerName(header));
      longName = longLink = undefined;
      if (path && keep(path)) files.set(path, body.toString('utf8'));
    } else if (type === '2') {
      const path = stripTop(longName ?? headerName(header));
      if (path && links) links.set(path, longLink ?? field(header, 157, 100));
      longName = longLink = undefined;
    } else if (type !== 'g') longName = longLink = undefined;
  }
  return files;
}

function field(header: Uint8Array, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
}

function headerName(header: Uint8Array): string {
  const name = field(header, 0, 100);
  const isUstar = field(header, 257, 5) === 'ustar';
  const prefix = isUstar ? field(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function paxRecord(records: string, key: 'path' | 'linkpath'): string | undefined {
  for (const m of records.matchAll(/\d+ ([^=]+)=([^\n]*)\n/g)) if (m[1] === key) return m[2];
  return undefined;
}

function stripTop(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? '' : path.slice(slash + 1);
}
