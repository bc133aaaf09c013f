import { AuditKey } from '../../src/audit/key.js';

/** The audit key the bot under test derives from the test signing secret (tests never read `.env`). */
export function testAuditKey(material = 'test-audit-key-material-0123456789abcdef'): AuditKey {
  return AuditKey.derive(material, 'test');
}
