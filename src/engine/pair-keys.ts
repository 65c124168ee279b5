/**
 * A growing collection of entry-pair keys (`s * n + d`, `s` and `d` below `n`), duplicates allowed until
 * `distinct` gives each key once, ascending. Two forms, chosen by density: a list of keys (doubles: at
 * 100,000 entries the keys leave V8's small integers; exact up to 2^53), and, once the list would take more
 * memory than one bit per possible pair, a bit set over the n² pairs. A diff whose regions cut a namespace
 * into thousands of label combinations meets every pair several times (both sides' rows, then the blocks):
 * Kubeflow's 2,102 entries gave 10.9 million keys for 4.4 million pairs, 87 MB of list and 1.0–1.3 s of
 * sorting, where the bit set takes 0.55 MB and one scan.
 */

/** The largest n² a bit set is used for (32 MB of bits); beyond it the list stays a list. */
const MAX_BITSET_PAIRS = 2 ** 28;

export class PairKeys {
  private keys = new Float64Array(1024);
  private length = 0;
  private bits: Uint32Array | null = null;

  /** `n`: the number of entries (every key is below n²). */
  constructor(private readonly n: number) {}

  add(key: number): void {
    const bits = this.bits;
    if (bits) {
      bits[key >>> 5] |= 1 << (key & 31);
      return;
    }
    if (this.length === this.keys.length) {
      if (this.toBits()) {
        this.add(key);
        return;
      }
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.length++] = key;
  }

  /** The keys ascending, each once (a fresh array, or a view of the list's own buffer). */
  distinct(): Float64Array {
    return this.bits ? ascendingBits(this.bits) : distinctList(this.keys, this.length, this.n);
  }

  /** Switches to the bit set when n² fits it and it is no larger than the grown list would be. */
  private toBits(): boolean {
    const pairs = this.n * this.n;
    if (pairs > MAX_BITSET_PAIRS || pairs / 8 > this.keys.length * 16) return false;
    const bits = new Uint32Array(Math.ceil(pairs / 32));
    for (let i = 0; i < this.length; i++) {
      const key = this.keys[i];
      bits[key >>> 5] |= 1 << (key & 31);
    }
    this.bits = bits;
    this.keys = new Float64Array(0);
    this.length = 0;
    return true;
  }
}

function popcount(bits: Uint32Array): number {
  let count = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w];
    while (x !== 0) {
      x &= x - 1;
      count++;
    }
  }
  return count;
}

/** The set bits' positions, ascending. */
function ascendingBits(bits: Uint32Array): Float64Array {
  const out = new Float64Array(popcount(bits));
  let k = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w];
    while (x !== 0) {
      const low = x & -x;
      out[k++] = w * 32 + (31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}

/**
 * The list's keys ascending, each once, in place. Sorted by source (American flag sort: counts, then each
 * key swapped into its source's part), then each source's few destinations sorted: linear, where
 * Float64Array#sort of the whole list was the diff's largest single step (~60 ms CPU for 193k keys at 10k
 * workloads).
 */
function distinctList(keys: Float64Array, m: number, n: number): Float64Array {
  const sourceOf = (key: number) => Math.floor(key / n);
  // Source s's keys go to [start[s], end[s]); next[s]: its first place not yet filled.
  const end = new Int32Array(n);
  for (let i = 0; i < m; i++) end[sourceOf(keys[i])]++;
  for (let s = 1; s < n; s++) end[s] += end[s - 1];
  const start = new Int32Array(n);
  for (let s = 1; s < n; s++) start[s] = end[s - 1];
  const next = start.slice();
  for (let s = 0; s < n; s++) {
    while (next[s] < end[s]) {
      let key = keys[next[s]];
      let t = sourceOf(key);
      // Carry the key to its own source's part, picking up the one it displaces, until one belongs here.
      while (t !== s) {
        const j = next[t]++;
        const displaced = keys[j];
        keys[j] = key;
        key = displaced;
        t = sourceOf(key);
      }
      keys[next[s]++] = key;
    }
  }
  let out = 0;
  for (let s = 0; s < n; s++) {
    const lo = start[s];
    const hi = end[s];
    if (hi - lo > 32) keys.subarray(lo, hi).sort();
    else insertionSort(keys, lo, hi);
    for (let i = lo; i < hi; i++) if (i === lo || keys[i] !== keys[i - 1]) keys[out++] = keys[i];
  }
  return keys.subarray(0, out);
}

/** `a[lo..hi)` ascending, in place (short runs). */
function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
