import { RecordIntegrity, RecordSeal, type AuditSink } from '../../src/redis/integrity.js';

/** The state key the tests' stores seal with (the bot of `startTestBot` derives its own from the signing secret). */
export const TEST_STATE_KEY = 'test-state-key-0123456789abcdef0123456789abcdef';

/** Seals and checks records like the bot does, recording what it would audit. */
export function testIntegrity(audited: Parameters<AuditSink['append']>[0][] = []): RecordIntegrity {
  return new RecordIntegrity(RecordSeal.fromSecret(TEST_STATE_KEY), { audit: { append: async (e) => void audited.push(e) } });
}
