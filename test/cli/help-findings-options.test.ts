/**
 * The help of --namespace, --dns-namespace and the "Findings configuration" section says, per option, what
 * it does, its default and the form of its value (fresh-user trial 54: --dns-namespace told neither which
 * findings it tunes nor that any DNS flag replaces both well-known DNS implementations; --namespace had no
 * default; the section's heading did not say which commands read it).
 */
import { USAGE } from '../../src/cli/usage.js';

/** An option's help, its lines joined with single spaces. */
function optionHelp(name: string): string {
  const lines = USAGE.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^  (-., )?--${name}( |$)`).test(l));
  expect(at).toBeGreaterThanOrEqual(0);
  const own = [lines[at], ...lines.slice(at + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((l) => /^ {30,}\S/.test(l)))];
  return own.join(' ').replace(/\s+/g, ' ').trim();
}

it('--namespace says its default and the form of a namespace name', () => {
  expect(optionHelp('namespace')).toContain('(default: default)');
  expect(optionHelp('namespace')).toContain('a namespace name (lowercase letters, digits and -)');
});

it('--dns-namespace says which findings it tunes, both defaults with their ports, and what a DNS flag replaces', () => {
  const dns = optionHelp('dns-namespace');
  expect(dns).toContain('for DNS_EGRESS_MISSING and DNS_TCP_MISSING');
  expect(dns).toContain('default: k8s-app=kube-dns pods in kube-system on port 53, or OpenShift\'s in openshift-dns on 5353');
  expect(dns).toContain("Any --dns-* flag makes cluster DNS that one place, what the flags leave out taken from kube-dns's");
});

it('each findings option says its default or form', () => {
  expect(USAGE).toContain('\nFindings configuration (lint, diff and list --format json; --config: every command):\n');
  expect(optionHelp('disable')).toContain('the [CODE] at the end of its line');
  expect(optionHelp('severity')).toContain('LEVEL error, warning or notice');
  expect(optionHelp('dns-label')).toContain('all given must match; default k8s-app=kube-dns');
  expect(optionHelp('dns-cidr')).toContain('default: none');
  expect(optionHelp('allow-cross-namespace')).toContain('no CROSS_NAMESPACE_PATH finding (* for any namespace: monitoring:*)');
  expect(optionHelp('ignore-path')).toContain('relative to the root read');
  expect(optionHelp('docs-url')).toContain('default: no links');
});
