/**
 * The help texts: the global one (`reachdiff --help`) and one per command (`reachdiff list --help`,
 * `reachdiff help list`). Options are described from options.ts and listed per command from
 * command-flags.ts, the tables the parser uses, so the help cannot name an option the command ignores
 * or miss one it reads.
 */
import { COMMAND_FLAGS, COMMAND_FORMATS } from './command-flags.js';
import type { OptionName } from './options.js';
import { ALWAYS_READ, OPTIONS, OPTION_HELP, optionHead } from './options.js';

interface CommandHelp {
  /** Synopsis lines, continuation lines indented under the first. */
  readonly synopsis: string;
  readonly about: string;
}

/** `diff --explain` is shown with `diff`. */
export const COMMANDS: Readonly<Record<string, CommandHelp>> = {
  list: {
    synopsis: `reachdiff list <folder|file|rev> [--repo DIR] [--branch NAME] [--format text|json|md|mermaid|dot] [--self] [--exposure]
               [--path GLOB]... [--group] [--max-pairs N] [--namespace NS] [--max-edges N] [--pod-cidr CIDR]...
               [--config FILE] [--target NAME] [--external-names FILE] [--render 'CMD']`,
    about: `every allowed connection (source => destination : protocols/ports) of the
manifests under <folder> (.yaml, .yml, .json, recursively), of one manifest file,
or of a git revision (branch, tag, SHA, HEAD~1) of the repository at --repo
(default: the current directory), read from git objects without a checkout`,
  },
  lint: {
    synopsis: `reachdiff lint <folder|rev> [--repo DIR] [--branch NAME] [--path GLOB]... [--format text|json|md|sarif]
               [--fail-level error|warning|notice|never] [--config FILE] [--namespace NS] [--target NAME]
               [--render 'CMD'] [--docs-url URL]`,
    about: `the findings of one version (a folder or a git revision): risky or dead
policy configuration, such as missing DNS egress or a namespaceSelector: {}`,
  },
  diff: {
    synopsis: `reachdiff diff <base> <head> [--repo DIR] [--branch NAME] [--path GLOB]... [--format text|json|md|sarif|mermaid|dot]
               [--fail-on opened,closed,any,never,errors,combined-labels] [--fail-level error|warning|notice|never]
               [--all-findings] [--pod-cidr CIDR]... [--config FILE] [--namespace NS]
               [--render 'CMD'] [--external-names FILE] [--docs-url URL]`,
    about: `paths opened and closed between two versions, and the findings the head adds;
<base> and <head> are each a folder or a git revision (branch, tag, SHA,
HEAD~1) of the repository at --repo (default: the current directory), read
from git objects without a checkout. One argument A...B compares B with the
merge base of A and B (what a pull request of B into A changes, as the App
does; main... is main...HEAD); A..B is A and B.
Each deployment target (configured, Argo CD / Flux, or top-level
kustomization) is analysed as its own cluster.`,
  },
  targets: {
    synopsis: `reachdiff targets [--repo DIR] [REV] [--branch NAME] [--config FILE] [--namespace NS] [--render 'CMD'] [--format text|json]`,
    about: `which targets are found (in the folder --repo, or at revision REV) and why`,
  },
  explain: {
    synopsis: `reachdiff explain <folder|rev> --from SRC --to DST [--port PORT]... [--repo DIR] [--path GLOB]...
               [--format text|json|md] [--pod-cidr CIDR]... [--config FILE] [--namespace NS] [--target NAME]
               [--render 'CMD'] [--branch NAME]`,
    about: `why SRC may or may not reach DST: the verdict per protocol/port, per direction
the deciding rules (file:line), why near-miss rules do not match, and the
smallest edits that would allow it; exits 1 when any asked traffic is denied.
Peers as printed: ns/name, ns/name[Kind], an IP, CIDR or first-last range,
{ingress-controller} (source only). diff --explain shows base and head.`,
  },
  'diff --explain': {
    synopsis: `reachdiff diff <base> <head> --explain SRC DST [--port PORT]... [--repo DIR] [--path GLOB]...
               [--format text|json|md] [--fail-on opened,closed,any,never] [--pod-cidr CIDR]... [--config FILE]
               [--namespace NS] [--target NAME] [--render 'CMD'] [--branch NAME]`,
    about: `explain (see reachdiff explain --help) in base and in head; exits 1 when the
change does to the asked traffic what --fail-on names (default: opens some of it)`,
  },
};

/** The commands a user types (`diff --explain` is a form of diff). */
export const COMMAND_NAMES: readonly string[] = ['list', 'lint', 'diff', 'targets', 'explain'];

/** What exit code 1 means, per command form; `list` and `targets` never exit 1. */
const EXIT_ONE: Readonly<Record<string, string>> = {
  diff: 'diff: what --fail-on names (default: paths opened or new errors), or new findings at --fail-level or worse',
  'diff --explain': 'diff --explain: what --fail-on names, of the asked traffic (default: the change opens some of it)',
  lint: 'lint: findings at --fail-level or worse',
  explain: 'explain: some asked traffic denied',
};

/** The exit codes of the command forms given (every command's in the global help). */
function exitCodes(forms: readonly string[]): string {
  const ones = forms.flatMap((f) => (EXIT_ONE[f] ? [EXIT_ONE[f]] : []));
  const counts = forms.some((f) => f.startsWith('diff')) ? '; nothing that --fail-on or --fail-level counts' : forms.includes('lint') ? '; nothing that --fail-level counts' : '';
  // `targets` lists what it finds, also over no manifest or over input with errors (a target of 0 files): only the rest stops it.
  const input = forms.includes('targets') ? '' : ` no manifest file (or only empty
     ones), nothing that could be analysed because of errors in the input,`;
  return `Exit codes:
  0  done (warnings about the input are allowed${counts})
${ones.length ? `  1  ${ones.join(';\n     ')}\n` : ''}  2  cannot run: bad arguments, a folder or revision that does not exist,${input} a configuration file that is
     not YAML or not valid (FILE:LINE names it), configured targets whose roots match nothing
`;
}

const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);

/** What --config's help says of the findings flags after it, cut for a command that reads none of them (explain, targets). */
const FINDINGS_FLAGS_CLAUSE = '; the flags below add to its findings: section';

/**
 * Clauses of an option's shared help that tell one command's use of it: `lint --help` said of --branch
 * "(default: …; for diff, the base revision's)", a command with one revision and no base (fresh-user
 * trials 30 and 31). A command's own help keeps only its clauses; the global help keeps them all.
 */
const COMMAND_CLAUSES: readonly { readonly option: OptionName; readonly clause: string; readonly commands: readonly string[] }[] = [
  { option: 'branch', clause: "; for diff, the\nbase revision's", commands: ['diff'] },
  { option: 'namespace', clause: ';\nlist: also lists only pairs with at least one end (a workload) in NS', commands: ['list'] },
  // diff's help holds its --explain form, which reads --target as explain does.
  { option: 'target', clause: '; explain answers in\neach that holds both ends, naming it', commands: ['explain', 'diff'] },
  { option: 'render', clause: " (diff: in each side's root, with\nREACHDIFF_SIDE=base or head)", commands: ['diff'] },
  { option: 'target', clause: '; list lists each in turn, and\nneeds it for --format mermaid|dot when the targets form several clusters', commands: ['list'] },
];

/** The option's help text for `command` (undefined: every command's, the global help). */
function optionText(name: OptionName, command: string | undefined): string {
  const cut = COMMAND_CLAUSES.filter((c) => c.option === name && command !== undefined && !c.commands.includes(command));
  return cut.reduce((text, c) => text.replace(c.clause, ''), OPTION_HELP[name].text);
}

/**
 * One option's help lines; `formats`: the command's own --format choices, when for one command;
 * `findingsFlags`: false when the command reads no findings flag, so --config's help points at none;
 * `command`: the command whose help this is (its clauses only, COMMAND_CLAUSES).
 */
function optionLines(name: OptionName, formats?: readonly string[], note = '', findingsFlags = true, command?: string): string {
  const head = optionHead(name);
  const shared = optionText(name, command);
  const own = findingsFlags ? shared : shared.replace(FINDINGS_FLAGS_CLAUSE, '');
  const text = name === 'format' && formats ? `${formats.join(', ')} (default text)` : own;
  const width = 30;
  const pad = head.length + 2 > width ? `${head}\n${' '.repeat(width + 4)}` : head.padEnd(width + 2);
  return `  ${pad}${indent(text, ' '.repeat(width + 4))}${note}\n`;
}

function globalUsage(): string {
  const names = Object.keys(OPTIONS) as OptionName[];
  const main = names.filter((n) => OPTION_HELP[n].group === undefined);
  const findings = names.filter((n) => OPTION_HELP[n].group === 'findings');
  const about = COMMAND_NAMES.map((c) => `${c.padEnd(8)} ${indent(COMMANDS[c].about, ' '.repeat(9))}\n`).join('');
  return (
    'reachdiff — Kubernetes NetworkPolicy reachability, and what a change opens or closes\n\nUsage:\n' +
    ['list', 'lint', 'diff', 'targets', 'explain', 'diff --explain'].map((c) => `  ${indent(COMMANDS[c].synopsis, '  ')}\n`).join('') +
    '  reachdiff help [COMMAND] | reachdiff COMMAND --help | reachdiff --version\n\n' +
    about +
    '\nOptions (reachdiff COMMAND --help lists the ones that command reads):\n' +
    main.map((n) => optionLines(n)).join('') +
    '\nFindings configuration (lint, diff and list --format json; --config: every command):\n' +
    findings.map((n) => optionLines(n)).join('') +
    '\n' +
    exitCodes(['diff', 'diff --explain', 'lint', 'explain'])
  );
}

export const USAGE = globalUsage();

/** `reachdiff COMMAND --help`: its synopsis, what it does, and every option it reads (diff: with its --explain form). */
export function commandUsage(command: string): string {
  const forms = command === 'diff' ? ['diff', 'diff --explain'] : [command];
  const read = (form: string) => new Set<string>(COMMAND_FLAGS[form]);
  const names = (Object.keys(OPTIONS) as OptionName[]).filter((n) => !ALWAYS_READ.includes(n) && forms.some((f) => read(f).has(n)));
  const formats = [...new Set(forms.flatMap((f) => COMMAND_FORMATS[f]))];
  const findingsFlags = names.some((n) => n !== 'config' && OPTION_HELP[n].group === 'findings');
  const note = (n: OptionName) => (forms.length < 2 || n === 'explain' || forms.every((f) => read(f).has(n)) ? '' : read('diff').has(n) ? ' (not with --explain)' : ' (with --explain)');
  return (
    `reachdiff ${command} — ${indent(COMMANDS[command].about, '  ')}\n\nUsage:\n` +
    forms.map((f) => `  ${indent(COMMANDS[f].synopsis, '  ')}\n`).join('') +
    '\nOptions:\n' +
    names.map((n) => optionLines(n, formats, note(n), findingsFlags, command)).join('') +
    ALWAYS_READ.map((n) => optionLines(n)).join('') +
    '\n' +
    exitCodes(forms)
  );
}
