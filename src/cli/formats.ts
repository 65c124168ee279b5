/**
 * Output formats of the CLI; `sarif` is for findings (lint and diff), not for `list`; `mermaid` and `dot`
 * are pictures (list and diff).
 */
export type CliFormat = 'text' | 'json' | 'md' | 'sarif' | 'mermaid' | 'dot';
export const CLI_FORMATS: readonly CliFormat[] = ['text', 'json', 'md', 'sarif', 'mermaid', 'dot'];
