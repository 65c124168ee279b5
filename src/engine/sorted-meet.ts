/** Whether two ascending lists of numbers (pod class indexes) share a value: one merge walk, no allocation. */
export function sortedMeet(x: readonly number[], y: readonly number[]): boolean {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) return true;
    if (x[i] < y[j]) i++;
    else j++;
  }
  return false;
}
