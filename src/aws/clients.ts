import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The one seam through which the program gets AWS SDK clients. It applies the region, adaptive
 * retries, timeouts and the credentials of the account being worked on. Credentials come from the
 * SDK's standard chain unless an account role is assumed. Endpoints are left to the SDK: it reads
 * `AWS_ENDPOINT_URL`, the service-specific `AWS_ENDPOINT_URL_<SERVICE>` variables and the config
 * file's `endpoint_url` itself, so LocalStack or another emulator can stand in for one service or all.
 * Unit tests mock the clients with aws-sdk-client-mock, which intercepts every instance of a client
 * class, so they need nothing from here.
 */
export interface AwsSettings {
  /** Region used when a caller does not name one (global services: IAM, Organizations, STS). */
  defaultRegion: string;
  maxAttempts?: number;
  /**
   * How long a request may wait for AWS without a byte moving before it fails (ms, default 60 s). The
   * SDK's own default is to wait for ever, and a hung call would hold its job (and the findings poll
   * its Redis lock, which it renews while it runs) until the process dies.
   */
  requestTimeoutMs?: number;
}

/** The constructor shape shared by every `@aws-sdk/client-*` client. */
export type AwsClientClass<C> = new (config: {
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  retryMode?: string;
  maxAttempts?: number;
  followRegionRedirects?: boolean;
  useQueueUrlAsEndpoint?: boolean;
  requestHandler?: { requestTimeout?: number; throwOnRequestTimeout?: boolean; connectionTimeout?: number };
}) => C;

/** One AWS account as the program sees it: its id (when known) and, for member accounts, the role to assume. */
export interface AccountTarget {
  accountId?: string;
  roleArn?: string;
}

export class AwsClients {
  private readonly cache = new Map<string, unknown>();
  private readonly credentials?: AwsCredentialIdentityProvider;

  constructor(
    readonly settings: AwsSettings,
    readonly account: AccountTarget = {},
    credentials?: AwsCredentialIdentityProvider,
  ) {
    this.credentials = credentials;
  }

  /** Timeouts of every AWS call, the role assumptions included (see `requestTimeoutMs`). */
  private requestHandler() {
    return { requestTimeout: this.settings.requestTimeoutMs ?? 60_000, throwOnRequestTimeout: true, connectionTimeout: 10_000 };
  }

  /** A client of class `Client` for `region` (default: the default region), cached per class and region. */
  get<C>(Client: AwsClientClass<C>, region = this.settings.defaultRegion): C {
    const key = `${Client.name}:${region}`;
    let client = this.cache.get(key) as C | undefined;
    if (!client) {
      client = new Client({
        region,
        ...(this.credentials ? { credentials: this.credentials } : {}),
        retryMode: 'adaptive',
        maxAttempts: this.settings.maxAttempts ?? 5,
        requestHandler: this.requestHandler(),
        // A bucket's region is not always known where it is named (a finding, a stored result): let S3
        // answer with the right region instead of failing with a redirect.
        // Known by its name, so this module loads no SDK client itself (each is loaded where it is used).
        ...(Client.name === 'S3Client' ? { followRegionRedirects: true } : {}),
        // SQS would otherwise send each call to the host of the QueueUrl it names, over the endpoint the
        // SDK resolved (AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL, the config file): an emulator set there
        // would be passed by for whatever host the queue URL names.
        ...(Client.name === 'SQSClient' ? { useQueueUrlAsEndpoint: false } : {}),
      });
      this.cache.set(key, client);
    }
    return client;
  }

  /**
   * Clients for another account, reached by assuming `roleArn` through STS from this account's
   * credentials. The SDK refreshes the assumed-role credentials before they expire.
   */
  forAccount(target: AccountTarget & { roleArn: string }, sessionName = 'gdpr-bot-scan'): AwsClients {
    const credentials = fromTemporaryCredentials({
      params: { RoleArn: target.roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 },
      clientConfig: {
        region: this.settings.defaultRegion,
        requestHandler: this.requestHandler(),
      },
      ...(this.credentials ? { masterCredentials: this.credentials } : {}),
    });
    return new AwsClients(this.settings, target, credentials);
  }
}
