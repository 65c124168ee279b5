/**
 * Blob texts by git SHA. One cache lives as long as the app (a warm Lambda or the Node server), so the
 * next push to a PR, or another PR in the same repo, reads only blobs it has not seen. Bounded by size;
 * the oldest entries go first.
 */
export class BlobCache {
  readonly #texts = new Map<string, string>();
  #chars = 0;

  constructor(readonly maxChars = 64 * 1024 * 1024) {}

  get(sha: string): string | undefined {
    return this.#texts.get(sha);
  }

  has(sha: string): boolean {
    return this.#texts.has(sha);
  }

  set(sha: string, text: string): void {
    if (this.#texts.has(sha) || text.length > this.maxChars) return;
    this.#texts.set(sha, text);
    this.#chars += text.length;
    for (const [key, value] of this.#texts) {
      if (this.#chars <= this.maxChars) break;
      this.#texts.delete(key);
      this.#chars -= value.length;
    }
  }
}
