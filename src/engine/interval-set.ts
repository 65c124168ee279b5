/**
 * Canonical interval-set algebra shared by port sets (number) and address sets (bigint).
 * A set is a sorted array of inclusive [first, last] intervals that neither overlap nor touch,
 * so every set has exactly one representation and equality is structural.
 */
export type Interval<T> = readonly [T, T];
export type Intervals<T> = readonly Interval<T>[];

/** The arithmetic a domain needs: successor and predecessor of a point. */
export interface Domain<T extends number | bigint> {
  next(x: T): T;
  prev(x: T): T;
}

export function normalize<T extends number | bigint>(d: Domain<T>, input: Intervals<T>): Interval<T>[] {
  const sorted = input.filter(([a, b]) => a <= b).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [T, T][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= d.next(last[1])) {
      if (b > last[1]) last[1] = b;
    } else {
      out.push([a, b]);
    }
  }
  return out;
}

export function union<T extends number | bigint>(d: Domain<T>, x: Intervals<T>, y: Intervals<T>): Interval<T>[] {
  if (x.length === 0) return y.slice();
  if (y.length === 0) return x.slice();
  return normalize(d, [...x, ...y]);
}

export function intersect<T extends number | bigint>(x: Intervals<T>, y: Intervals<T>): Interval<T>[] {
  const out: Interval<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const lo = x[i][0] > y[j][0] ? x[i][0] : y[j][0];
    const hi = x[i][1] < y[j][1] ? x[i][1] : y[j][1];
    if (lo <= hi) out.push([lo, hi]);
    if (x[i][1] < y[j][1]) i++;
    else j++;
  }
  return out;
}

export function subtract<T extends number | bigint>(d: Domain<T>, x: Intervals<T>, y: Intervals<T>): Interval<T>[] {
  const out: Interval<T>[] = [];
  let j = 0;
  for (const [a0, b] of x) {
    let a = a0;
    while (j < y.length && y[j][1] < a) j++;
    let k = j;
    while (k < y.length && y[k][0] <= b) {
      if (y[k][0] > a) out.push([a, d.prev(y[k][0])]);
      if (y[k][1] >= b) {
        a = d.next(b);
        break;
      }
      a = d.next(y[k][1]);
      k++;
    }
    if (a <= b) out.push([a, b]);
  }
  return out;
}

export function equals<T extends number | bigint>(x: Intervals<T>, y: Intervals<T>): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i][0] !== y[i][0] || x[i][1] !== y[i][1]) return false;
  }
  return true;
}

export function contains<T extends number | bigint>(x: Intervals<T>, point: T): boolean {
  let lo = 0;
  let hi = x.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x[mid][1] < point) lo = mid + 1;
    else if (x[mid][0] > point) hi = mid - 1;
    else return true;
  }
  return false;
}
