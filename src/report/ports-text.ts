/** A set for people, port names included: `any port`, `TCP 443`, `TCP 8080, TCP http` (names toward pods the manifests do not hold). */
import type { NamedConns } from '../engine/index.js';
import { connText } from './mismatch-text.js';

export function portsText(c: NamedConns): string {
  return c.names.length === 0 ? connText(c.conn) : c.toText();
}
