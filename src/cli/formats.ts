/** Output formats of the CLI; `sarif` is for findings (lint and diff), not for `list`. */
export type CliFormat = 'text' | 'json' | 'md' | 'sarif';
export const CLI_FORMATS: readonly CliFormat[] = ['text', 'json', 'md', 'sarif'];
