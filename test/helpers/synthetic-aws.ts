/**
 * The synthetic AWS account of src/demo/synthetic-aws.ts, for tests: by default through aws-sdk-client-mock
 * (every instance of a client class is stubbed and every call is kept in the stub's history), or through
 * the demo's middleware (`via: 'middleware'`: nothing global is stubbed, nothing is recorded, only clients
 * from `clients()` are answered; the benchmark uses it so the mock's history does not count as the
 * scanner's memory).
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { MetadataBearer } from '@smithy/types';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { AwsClients } from '../../src/aws/clients.js';
import { DEFAULT_SCAN_SETTINGS } from '../../src/aws/collectors/context.js';
import { scanTarget } from '../../src/checks/engine.js';
import { getCheck } from '../../src/checks/registry.js';
import type { CheckResult } from '../../src/checks/types.js';
import {
  awsError,
  defineSyntheticAccount,
  HandlerTable,
  SyntheticAwsClients,
  SYNTHETIC_ACCOUNT_ID,
  type CallCounter,
  type CommandTable,
  type SyntheticAccount as DemoAccountShape,
  type SyntheticState,
} from '../../src/demo/synthetic-aws.js';

export { awsError, CallCounter, DEFAULT_REGIONS, OPT_IN_REGIONS, SYNTHETIC_ACCOUNT_ID } from '../../src/demo/synthetic-aws.js';
export type { SyntheticState } from '../../src/demo/synthetic-aws.js';

/** The part of an aws-sdk-client-mock stub this helper uses, loosely typed so one table can mock every client. */
export interface LooseStub {
  on(command: unknown): { callsFake(fn: (input: never) => unknown): unknown };
  restore(): void;
}

/** The shape of a synthetic AWS account (see src/demo/synthetic-aws.ts), and how requests are intercepted. */
export interface SyntheticAccount extends DemoAccountShape {
  /**
   * How requests are intercepted. `aws-sdk-client-mock` (default; what tests use): every instance of a
   * client class is stubbed and every call is kept in the stub's history. `middleware`: nothing global
   * is stubbed and nothing is recorded; only clients from the returned `clients()` are answered, by a
   * middleware at the front of their stack.
   */
  via?: 'aws-sdk-client-mock' | 'middleware';
}

/**
 * Mocks every AWS client the scanner uses with a synthetic account: `buckets` buckets, `users` IAM
 * users, `keys` KMS keys per region, and so on. Returns the stubs (restore them with `restore()`) and
 * a counter of every request served.
 */
export function mockSyntheticAccount(shape: SyntheticAccount = {}): {
  stubs: LooseStub[];
  /** The stub of one client class, to override a command in a test. */
  stub: (Client: unknown) => LooseStub;
  counter: CallCounter;
  /** What the account's writes changed (with `writable`). */
  state: SyntheticState;
  restore: () => void;
  /** Clients that reach the synthetic account (with `via: 'middleware'`, only these do). */
  clients: (defaultRegion: string) => AwsClients;
} {
  const middleware = shape.via === 'middleware';
  const stubs: LooseStub[] = [];
  const byClient = new Map<unknown, LooseStub>();
  const tables = new Map<unknown, HandlerTable>();
  const definers = new Map<unknown, CommandTable>();
  const { counter, state } = defineSyntheticAccount(shape, (Client) => {
    const known = definers.get(Client);
    if (known) return known;
    let stub: LooseStub;
    let definer: CommandTable;
    if (middleware) {
      const table = new HandlerTable();
      tables.set(Client, table);
      stub = definer = table;
    } else {
      const real = mockClient(Client as never) as unknown as AwsStub<object, MetadataBearer, unknown>;
      stub = real as unknown as LooseStub;
      // The handlers also get the region of the client the command was sent on, as the middleware gives it.
      definer = {
        on: (command) => ({
          callsFake: (fn) =>
            real
              .on(command as never)
              .callsFake((input: unknown, getClient: () => unknown) =>
                fn(input as never, { region: () => (getClient() as { config: { region(): Promise<string> } }).config.region() }),
              ),
        }),
      };
    }
    stubs.push(stub);
    byClient.set(Client, stub);
    definers.set(Client, definer);
    return definer;
  });
  return {
    stubs,
    stub: (Client) => {
      const found = byClient.get(Client);
      if (!found) throw new Error('that client is not mocked');
      return found;
    },
    counter,
    state,
    restore: () => stubs.forEach((s) => s.restore()),
    clients: (defaultRegion) => (middleware ? new SyntheticAwsClients(defaultRegion, tables) : new AwsClients({ defaultRegion })),
  };
}

/**
 * An account where the scanner may call sts:GetCallerIdentity and nothing else: every other request of
 * every client the synthetic account mocks is answered with AccessDenied, as IAM answers a principal
 * that lacks the scanner policy.
 */
export function mockDeniedAccount(accountId = SYNTHETIC_ACCOUNT_ID): { restore: () => void } {
  const account = mockSyntheticAccount({ accountId });
  for (const stub of account.stubs as unknown as AwsStub<object, MetadataBearer, unknown>[]) {
    stub.reset();
    stub.onAnyCommand().callsFake(() => {
      throw awsError('AccessDenied', `User: arn:aws:iam::${accountId}:role/scanner is not authorized to perform this action`);
    });
  }
  (account.stub(STSClient) as unknown as AwsStub<object, MetadataBearer, unknown>)
    .on(GetCallerIdentityCommand)
    .resolves({ Account: accountId, Arn: `arn:aws:iam::${accountId}:role/scanner` });
  return { restore: account.restore };
}

/**
 * Scans the synthetic account (mocked first with {@link mockSyntheticAccount}) with the checks named, one
 * region after another as the scanner does, the first region being the home one (account-wide checks).
 */
export async function scanSynthetic(checkIds: readonly string[], regions: string[] = ['eu-west-1']): Promise<CheckResult[]> {
  const checks = checkIds.map((id) => {
    const check = getCheck(id);
    if (!check) throw new Error(`no check ${id}`);
    return check;
  });
  const results: CheckResult[] = [];
  for (const region of regions) {
    const out = await scanTarget({
      clients: new AwsClients({ defaultRegion: regions[0]! }),
      accountId: SYNTHETIC_ACCOUNT_ID,
      region,
      home: region === regions[0],
      regions,
      settings: DEFAULT_SCAN_SETTINGS,
      checks,
      sleep: async () => undefined,
    });
    results.push(...out.results);
  }
  return results;
}
