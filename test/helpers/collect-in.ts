import { AwsClients } from '../../src/aws/clients.js';
import { CollectContext } from '../../src/aws/collectors/context.js';
import type { Collector } from '../../src/aws/collectors/types.js';

/** The account id collector tests use. */
export const TEST_ACCOUNT = '123456789012';

/** Runs one collector for one region of the test account (AWS calls answered by aws-sdk-client-mock), counting requests. */
export async function collectIn<T>(collector: Collector<T>, region: string, regions: readonly string[] = [region]): Promise<{ data: T; calls: string[] }> {
  const calls: string[] = [];
  const ctx = new CollectContext({
    clients: new AwsClients({ defaultRegion: region }),
    accountId: TEST_ACCOUNT,
    region,
    regions,
    sleep: async () => undefined,
    onCall: (c) => calls.push(c),
  });
  return { data: await collector.collect(ctx), calls };
}

/** The region a mocked client was built for (the second argument aws-sdk-client-mock gives `callsFake`). */
export async function regionOf(getClient: () => unknown): Promise<string> {
  const client = getClient() as { config: { region: () => Promise<string> | string } };
  return client.config.region();
}

/** Splits `items` into pages of `size`: the page for `token` and the next token (`undefined` on the last page). */
export function pageOf<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token.replace(/\D/g, '')) : 0;
  const end = start + size;
  return { items: items.slice(start, end), next: end < items.length ? `t${end}` : undefined };
}
