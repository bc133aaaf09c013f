/**
 * One place that names Redis keys. Every key starts with the configured prefix (default `{gdpr}`, a
 * Redis Cluster hash tag so that multi-key scripts stay on one slot).
 */
export class Keys {
  constructor(readonly prefix: string) {}

  /** `{gdpr}:a:b:c` */
  key(...parts: (string | number)[]): string {
    return [this.prefix, ...parts].join(':');
  }
}
