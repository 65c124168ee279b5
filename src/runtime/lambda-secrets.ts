/**
 * The App's credentials read from SSM Parameter Store when a Lambda function starts. Resolved at deploy
 * time instead (`${ssm:…}` in serverless.yml), they would sit in clear in the functions' configuration,
 * for anyone allowed `lambda:GetFunctionConfiguration` and in the CloudFormation template the deployment
 * uploads (new-user trial 41). Read at start, a SecureString is decrypted only inside the function.
 */
import { GetParametersCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';

/** The parameters under `SECRETS_PARAMETER_PATH`, each with the environment variable Probot reads it from. */
export const SECRET_PARAMETERS = {
  'app-id': 'APP_ID',
  'private-key': 'PRIVATE_KEY',
  'webhook-secret': 'WEBHOOK_SECRET',
} as const;

/** Parameter values by full name, decrypted; names Parameter Store does not hold are absent. */
export type GetParameters = (names: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/**
 * Puts the App's credentials into `env` from the parameters under `env.SECRETS_PARAMETER_PATH` (for
 * example `/reachdiff/prod`: `/reachdiff/prod/app-id`, `…/private-key`, `…/webhook-secret`), read in one
 * call. Without that variable `env` is left as it is (credentials set directly, the Node server).
 * Errors: an Error naming every parameter Parameter Store does not hold (or that is empty); the
 * client's error as it is when the call fails (no permission, wrong region).
 */
export async function loadSecrets(env: NodeJS.ProcessEnv, get: GetParameters): Promise<void> {
  const path = env.SECRETS_PARAMETER_PATH?.replace(/\/+$/, '');
  if (!path) return;
  const names = Object.keys(SECRET_PARAMETERS).map((leaf) => `${path}/${leaf}`);
  const values = await get(names);
  const missing = names.filter((name) => !values.get(name));
  if (missing.length > 0) throw new Error(`SSM Parameter Store holds no value for ${missing.join(', ')} (SECRETS_PARAMETER_PATH=${path}); see the README, Deploying to AWS Lambda`);
  for (const [leaf, variable] of Object.entries(SECRET_PARAMETERS)) env[variable] = values.get(`${path}/${leaf}`);
}

/**
 * `GetParameters` over SSM's GetParameters API with decryption (at most 10 names per call, as the API
 * allows; three are asked). Needs `ssm:GetParameters` on the parameters, and `kms:Decrypt` on their key
 * when it is a customer managed key (the AWS managed key `aws/ssm` lets every principal of the account decrypt).
 */
export function ssmGetParameters(client: Pick<SSMClient, 'send'>): GetParameters {
  return async (names) => {
    const out = await client.send(new GetParametersCommand({ Names: [...names], WithDecryption: true }));
    return new Map((out.Parameters ?? []).flatMap((p) => (p.Name && p.Value !== undefined ? [[p.Name, p.Value] as const] : [])));
  };
}
