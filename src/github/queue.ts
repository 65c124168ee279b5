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

/**
 * Only the payload's repository and installation travel (the job says everything else), so a message
 * stays far below SQS's 256 KiB whatever the PR's description or the repository's size.
 */
export async function enqueue(sqs: Pick<SQSClient, 'send'>, queueUrl: string, message: QueuedEvent): Promise<void> {
  const body = JSON.stringify({ ...message, event: { ...message.event, payload: slim(message.event.payload) } });
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}

export function parseQueued(body: string): QueuedEvent {
  const parsed = JSON.parse(body) as QueuedEvent;
  if (!parsed?.job?.owner || !parsed.event?.name) throw new Error('not a reachdiff job message');
  return parsed;
}

/** What the worker reads from a payload: the repository and installation (context.repo(), context.config). */
function slim(payload: unknown): unknown {
  const p = payload as { action?: string; repository?: unknown; installation?: unknown; sender?: unknown };
  return { action: p.action, repository: p.repository, installation: p.installation };
}
