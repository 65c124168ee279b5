/**
 * Text with the line numbers it cites left out, so that what names an object by where it is written
 * still names it when lines move: `install.yaml:6` → `install.yaml` (also `Kustomization:4` and a range
 * `a.yaml:3-9`), `lines 3-9 of this file` → `lines of this file`. A port after an address (`10.0.0.1:80`)
 * is kept: only a name whose last dotted part starts with a letter (a file's extension) loses its number.
 */
export function lineFree(text: string): string {
  return text.replace(/(\.[A-Za-z]\w*|\bKustomization):\d+(?:-\d+)?\b/g, '$1').replace(/\b(lines?) \d+(?:-\d+)?\b/g, '$1');
}
