/**
 * A cache bounded by the total size of its entries, oldest entries dropped first. It serves the parsed
 * manifests (keyed by file text) and the fetched blobs (keyed by SHA) of a long-running process, and the
 * region names kept between analyses (region-names.ts, by an estimate of their bytes).
 */
export class SizedCache<K, V> {
  readonly #entries = new Map<K, V>();
  #size = 0;

  /** `maxEntry`: entries larger than this are not kept at all. */
  constructor(
    readonly maxSize: number,
    private readonly sizeOf: (key: K, value: V) => number,
    readonly maxEntry = maxSize,
  ) {}

  /** The entries' total size, in the unit of `sizeOf`. */
  get size(): number {
    return this.#size;
  }

  /** How many entries are kept. */
  get count(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Keeps the first value stored for a key; entries are immutable once cached. */
  set(key: K, value: V): void {
    const size = this.sizeOf(key, value);
    if (this.#entries.has(key) || size > this.maxEntry) return;
    // Oldest first, and only when over: no iterator per entry stored while there is room (every file read).
    if (this.#size + size > this.maxSize) this.evict(size);
    this.#entries.set(key, value);
    this.#size += size;
  }

  /** Drops the oldest entries until `size` more fits. */
  private evict(size: number): void {
    for (const [old, v] of this.#entries) {
      if (this.#size + size <= this.maxSize) break;
      this.#entries.delete(old);
      this.#size -= this.sizeOf(old, v);
    }
  }

  delete(key: K): void {
    const v = this.#entries.get(key);
    if (v === undefined && !this.#entries.has(key)) return;
    this.#entries.delete(key);
    this.#size -= this.sizeOf(key, v as V);
  }

  clear(): void {
    this.#entries.clear();
    this.#size = 0;
  }
}
