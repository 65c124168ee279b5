/**
 * Who refuses the errors a pull request brings, said as the reader meets it: the API server (or kubectl)
 * rejects most of them, but a Cilium policy the API server stores can still be refused by Cilium's agent
 * (`AGENT_REFUSED`, manifests/kinds/cilium-ports.ts), so "Kubernetes will reject" was wrong for those.
 * One cause is named; both together are "the cluster". Codes are unchanged (docs/OUTPUT-CONTRACT.md).
 */
import type { Diagnostic } from '../manifests/diagnostics.js';

type Rejecter = 'api-server' | 'agent' | 'both';

function rejecter(errors: readonly Pick<Diagnostic, 'code'>[]): Rejecter {
  const agent = errors.filter((d) => d.code === 'AGENT_REFUSED').length;
  if (agent === 0) return 'api-server';
  return agent === errors.length ? 'agent' : 'both';
}

/** The verdict's and the section title's clause after "errors": `Kubernetes will reject`, `Cilium's agent will refuse`, `the cluster will reject`. */
export function rejectedClause(errors: readonly Pick<Diagnostic, 'code'>[]): string {
  return { 'api-server': 'Kubernetes will reject', agent: "Cilium's agent will refuse", both: 'the cluster will reject' }[rejecter(errors)];
}

/** The section's sentence under its title, naming who refuses the objects. */
export function rejectedSentence(errors: readonly Pick<Diagnostic, 'code'>[]): string {
  const who = { 'api-server': 'the API server or kubectl rejects', agent: "Cilium's agent refuses (the API server stores them, the agent applies none of their rules)", both: "the API server or kubectl rejects, or Cilium's agent refuses (it then applies none of their rules)" }[rejecter(errors)];
  return `This pull request adds or edits objects that ${who}: the sync would fail on them.`;
}

/** A check-run annotation's title for one error: `Kubernetes will reject this`, `Cilium's agent will refuse this`. */
export function rejectedTitle(error: Pick<Diagnostic, 'code'>): string {
  return `${rejectedClause([error])} this`;
}
