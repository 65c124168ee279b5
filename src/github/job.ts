/** What a webhook hands to the analysis: enough to find the PR again, in-process or through a queue. */
export interface Job {
  readonly owner: string;
  readonly repo: string;
  readonly installationId: number;
  readonly pullNumber: number;
  readonly headSha: string;
  readonly checkRunId: number;
  /** The "Suggest rollback" button was pressed: post the review whatever `rollback` says. */
  readonly rollbackRequested: boolean;
  /** `X-GitHub-Delivery`, for the logs. */
  readonly deliveryId: string;
}
