/**
 * The API server's syntax rules for the fields reachdiff reads (apimachinery `util/validation`): label
 * keys are qualified names, label values are short names or empty, port names are IANA service names,
 * ports are integers 1-65535, object names are DNS-1123 names. Each check returns what is wrong, in the
 * API server's words where it has them, or `undefined` when the value is valid.
 */
import { quote } from './quote.js';
import { rememberValid } from '../util/remember-valid.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Label keys, port names and namespace names found valid are remembered (`rememberValid`), at most this many of
 * each: a repository writes the same few keys (`app`, `app.kubernetes.io/name`), port names (`http`, `metrics`)
 * and namespaces on thousands of objects and selectors, each then checked by regular expressions once. Label
 * values, which differ per app, are checked every time.
 */
const MAX_REMEMBERED = 1_000;

/** A label key: `[prefix/]name`, prefix a DNS-1123 subdomain (≤ 253), name ≤ 63 alphanumerics, `-`, `_`, `.`. */
export const labelKeyError = rememberValid((key: string): string | undefined => {
  // Split at the slash by index: no arrays per key (every label of every object and selector, both sides).
  const slash = key.indexOf('/');
  if (slash >= 0 && key.indexOf('/', slash + 1) >= 0) return `label key ${quote(key)} must be a qualified name: an optional DNS prefix, a "/" and a name`;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix === '' || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `label key ${quote(key)}: prefix ${quote(prefix)} must be a lowercase DNS subdomain`;
  if (name === '' || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return `label key ${quote(key)}: name part must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}, MAX_REMEMBERED);

/** A label value: empty, or ≤ 63 letters, digits, `-`, `_`, `.`, starting and ending with a letter or digit. */
export function labelValueError(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value)) return `label value ${quote(value)} must be empty or 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  return undefined;
}

/** A named port: an IANA service name, ≤ 15 lowercase letters, digits and single `-`, with at least one letter. */
export const portNameError = rememberValid((name: string): string | undefined => {
  if (name.length > 15 || !IANA_SVC_NAME.test(name) || name.includes('--') || !/[a-z]/.test(name)) {
    return `${quote(name)} is not a valid port name (an IANA service name: at most 15 lowercase letters, digits and single dashes, with a letter)`;
  }
  return undefined;
}, MAX_REMEMBERED);

/** A port number: an integer 1-65535 (a YAML number, not a string or a list). */
export function portNumberError(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return undefined;
  return `${quote(value)} is not a port number (an integer 1-65535)`;
}

/**
 * `metadata.name`: a DNS-1035 label for a Service (it becomes a DNS name, so it starts with a letter), a
 * DNS-1123 label for a Namespace, a DNS-1123 subdomain for everything else the engine reads.
 */
export function objectNameError(kind: string, name: string): string | undefined {
  if (kind === 'Service') return name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : `Service name ${quote(name)} must be a DNS-1035 label (lowercase, starting with a letter, at most 63 characters)`;
  if (kind === 'Namespace') return namespaceNameError(name);
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? undefined : `${kind} name ${quote(name)} must be a lowercase DNS-1123 subdomain (letters, digits, "-" and ".")`;
}

/** `metadata.namespace`: a DNS-1123 label. */
export const namespaceNameError = rememberValid((name: string): string | undefined => {
  if (name.length > 63 || !DNS1123_LABEL.test(name)) return `namespace ${quote(name)} must be a lowercase DNS-1123 label (at most 63 characters)`;
  return undefined;
}, MAX_REMEMBERED);
