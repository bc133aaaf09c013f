import { paginateListSecrets, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Read } from './context.js';
import type { Collector } from './types.js';

/** A secret as ListSecrets describes it (no secret value is ever read). */
export interface Secret {
  name: string;
  arn: string;
  /** `RotationEnabled` (missing reads as off). */
  rotationEnabled: boolean;
  /** `RotationRules.AutomaticallyAfterDays`. */
  rotationDays?: number;
  /** `RotationRules.ScheduleExpression` (`rate(…)` or `cron(…)`). */
  rotationSchedule?: string;
  /** `LastRotatedDate` (ISO); absent when never rotated. */
  lastRotated?: string;
  /** `CreatedDate` (ISO). */
  created?: string;
  /** `OwningService`: set when another service (RDS, Redshift, …) manages the secret. */
  owningService?: string;
}

export interface SecretsManagerData {
  secrets: Read<Secret[]>;
}

/** Secrets per ListSecrets page (`MaxResults` upper bound 100). */
const PAGE = 100;

/** Secrets Manager (regional): every secret's metadata (every page of ListSecrets). */
export const secretsmanagerCollector: Collector<SecretsManagerData> = {
  id: 'secretsmanager',
  scope: 'region',
  async collect(ctx) {
    const sm = ctx.clients.get(SecretsManagerClient, ctx.region);
    const secrets = await ctx.read(async () =>
      ctx.pages('secretsmanager:ListSecrets', paginateListSecrets({ client: sm, pageSize: PAGE }, {}), (p) =>
        p.SecretList?.map((x): Secret => ({
          name: x.Name ?? '',
          arn: x.ARN ?? '',
          rotationEnabled: x.RotationEnabled === true,
          rotationDays: x.RotationRules?.AutomaticallyAfterDays,
          rotationSchedule: x.RotationRules?.ScheduleExpression,
          lastRotated: x.LastRotatedDate?.toISOString(),
          created: x.CreatedDate?.toISOString(),
          owningService: x.OwningService,
        })),
      ),
    );
    return { secrets };
  },
};
