import { BatchGetAccountStatusCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { CallErrorKind, CallFailed, type Read } from './context.js';
import type { Collector } from './types.js';

/**
 * Inspector's states for the account (`ENABLED`, `ENABLING`, `DISABLED`, `DISABLING`, `SUSPENDED`,
 * `SUSPENDING`); a state is missing when the answer did not include it (never guessed as `DISABLED`).
 */
export interface InspectorStatus {
  overall?: string;
  ec2?: string;
  ecr?: string;
  lambda?: string;
  lambdaCode?: string;
}

export interface InspectorData {
  /** Inspector's account status and its per-resource-type scan states. */
  status: Read<InspectorStatus>;
}

const CALL = 'inspector2:BatchGetAccountStatus';

/**
 * Inspector (regional): whether scanning is enabled for the account. An account listed in
 * `failedAccounts` is one whose status could not be read: a failed read, not "disabled".
 */
export const inspectorCollector: Collector<InspectorData> = {
  id: 'inspector',
  scope: 'region',
  async collect(ctx) {
    const client = ctx.clients.get(Inspector2Client, ctx.region);
    const status = await ctx.read(async (): Promise<InspectorStatus> => {
      const out = await ctx.must(CALL, () => client.send(new BatchGetAccountStatusCommand({ accountIds: [ctx.accountId] })));
      const failed = out.failedAccounts?.find((a) => a.accountId === ctx.accountId);
      if (failed) {
        const code = failed.errorCode ?? 'FailedAccount';
        throw new CallFailed({
          call: CALL,
          kind: code === 'ACCESS_DENIED' ? CallErrorKind.Denied : CallErrorKind.Other,
          code,
          message: failed.errorMessage ?? `account ${ctx.accountId} is in failedAccounts`,
        });
      }
      const account = out.accounts?.find((a) => a.accountId === ctx.accountId);
      if (!account)
        throw new CallFailed({ call: CALL, kind: CallErrorKind.Other, code: 'AccountMissing', message: `the answer did not include account ${ctx.accountId}` });
      const r = account.resourceState;
      const st: InspectorStatus = {};
      if (account.state?.status) st.overall = account.state.status;
      if (r?.ec2?.status) st.ec2 = r.ec2.status;
      if (r?.ecr?.status) st.ecr = r.ecr.status;
      if (r?.lambda?.status) st.lambda = r.lambda.status;
      if (r?.lambdaCode?.status) st.lambdaCode = r.lambdaCode.status;
      return st;
    });
    return { status };
  },
};
