/**
 * Blob texts by git SHA. One cache lives as long as the app (a warm Lambda or the Node server), so the
 * next push to a PR, or another PR in the same repo, reads only blobs it has not seen. Bounded by size;
 * the oldest entries go first.
 */
import { SizedCache } from '../util/sized-cache.js';

export class BlobCache extends SizedCache<string, string> {
  constructor(maxChars = 64 * 1024 * 1024) {
    super(maxChars, (_sha, text) => text.length);
  }
}
