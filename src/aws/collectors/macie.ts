import { GetAutomatedDiscoveryConfigurationCommand, GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { CallErrorKind, CallFailed, type CollectContext, type Read } from './context.js';
import type { Collector } from './types.js';

export interface MacieData {
  /** Macie status (`ENABLED`, `PAUSED`), `null` when Macie is not enabled. */
  session: Read<string | null>;
  /** Automated sensitive data discovery status, `null` when Macie is not enabled. */
  automatedDiscovery: Read<string | null>;
}

/**
 * Macie answers "AccessDeniedException: Macie is not enabled" when it is off. That one message means
 * "absent"; every other AccessDenied is a real permission problem.
 */
async function macieCall<T>(ctx: CollectContext, call: string, send: () => Promise<T>): Promise<T | null> {
  try {
    return await ctx.must(call, send);
  } catch (error) {
    if (error instanceof CallFailed && error.error.kind === CallErrorKind.Denied && /not enabled/i.test(error.error.message)) return null;
    throw error;
  }
}

/** Macie (regional): whether it is enabled and whether automated sensitive data discovery is on. */
export const macieCollector: Collector<MacieData> = {
  id: 'macie',
  scope: 'region',
  async collect(ctx) {
    const macie = ctx.clients.get(Macie2Client, ctx.region);
    const session = await ctx.read(async () => (await macieCall(ctx, 'macie2:GetMacieSession', () => macie.send(new GetMacieSessionCommand({}))))?.status ?? null);
    const automatedDiscovery: Read<string | null> =
      session.ok && session.value === null
        ? { ok: true, value: null }
        : await ctx.read(
            async () =>
              (await macieCall(ctx, 'macie2:GetAutomatedDiscoveryConfiguration', () => macie.send(new GetAutomatedDiscoveryConfigurationCommand({}))))?.status ?? null,
          );
    return { session, automatedDiscovery };
  },
};
