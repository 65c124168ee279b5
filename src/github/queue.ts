/**
 * The queue between the webhook function and the worker: one SQS message per job, carrying the event
 * (name, delivery id, payload) so the worker rebuilds the same Probot context.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Job } from './job.js';

export interface QueuedEvent {
  readonly job: Job;
  readonly event: { readonly id: string; readonly name: string; readonly payload: unknown };
}

/** SQS messages hold 256 KiB; PR payloads are far smaller, but keep the sizeable parts out when not. */
const MAX_MESSAGE_BYTES = 250 * 1024;

export async function enqueue(sqs: Pick<SQSClient, 'send'>, queueUrl: string, message: QueuedEvent): Promise<void> {
  let body = JSON.stringify(message);
  if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) body = JSON.stringify({ ...message, event: { ...message.event, payload: slim(message.event.payload) } });
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}

export function parseQueued(body: string): QueuedEvent {
  const parsed = JSON.parse(body) as QueuedEvent;
  if (!parsed?.job?.owner || !parsed.event?.name) throw new Error('not a reachdiff job message');
  return parsed;
}

/** What the worker reads from a payload: the repository and installation (context.repo(), config). */
function slim(payload: unknown): unknown {
  const p = payload as { action?: string; repository?: unknown; installation?: unknown; sender?: unknown };
  return { action: p.action, repository: p.repository, installation: p.installation };
}
