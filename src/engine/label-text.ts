/**
 * Label values as every message and peer id prints them. A value is printed as written, except the empty
 * value (valid in Kubernetes: OpenShift's `policy-group.network.openshift.io/host-network: ""`), which
 * is `""`: written bare, `k NotIn ()` reads as an empty set (which would match every namespace) and
 * `{k=}` as a selector cut short. Non-empty values are unchanged, so the peer notation of OUTPUT-CONTRACT
 * "Abstract peers" stays as it is for them; `parseAbstractPeer` reads `""` back as the empty value.
 */

/** The empty label value as printed. */
export const EMPTY_LABEL_VALUE = '""';

/** `v`, or `""` when `v` is empty. */
export function labelValueText(v: string): string {
  return v === '' ? EMPTY_LABEL_VALUE : v;
}

/** `key=value` (`key=""` for the empty value). */
export function labelText(key: string, value: string): string {
  return `${key}=${labelValueText(value)}`;
}

/** The values of an `In`/`NotIn` requirement, comma-separated as in `k In (a,b)` (`k NotIn ("")`). */
export function labelValuesText(values: readonly string[]): string {
  return values.map(labelValueText).join(',');
}
