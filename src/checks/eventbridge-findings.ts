import type { EventRule } from '../aws/collectors/eventbridge.js';
import { FINDINGS_EVENTS, type FindingsEventKind } from '../aws/facts.js';
import type { Snapshot } from '../aws/snapshot.js';
import { errorFinding, fail, fromRead, pass, regionResource, withData } from './helpers.js';
import type { Finding } from './types.js';

const enabled = (r: EventRule) => r.state === 'ENABLED' || r.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/**
 * The region's default event bus has an enabled rule whose pattern routes `kind`'s findings events
 * (source and detail-type) to at least one target. A disabled rule, a rule without targets, or a pattern
 * for another source does not count; a candidate whose targets could not be read makes it `error` unless
 * another rule already passes.
 */
export function findingsRuleFindings(s: Snapshot, kind: FindingsEventKind): Finding[] {
  const resource = regionResource(s);
  const { source, detailType } = FINDINGS_EVENTS[kind];
  const what = `${source} "${detailType}" events`;
  const where = `on the default event bus in ${s.region} (account ${s.accountId})`;
  return withData(s, 'eventbridge', resource, (eb) =>
    fromRead(eb.rules, resource, (rules) => {
      const candidates = rules.filter((r) => r.matches.includes(kind));
      const routed = candidates.find((r) => enabled(r) && r.targets?.ok && r.targets.value > 0);
      if (routed)
        return [pass(routed.arn, `EventBridge rule ${routed.name} routes ${what} to ${routed.targets?.ok ? routed.targets.value : 0} target(s) ${where}.`)];
      const unread = candidates.find((r) => enabled(r) && r.targets && !r.targets.ok);
      if (unread?.targets && !unread.targets.ok) return [errorFinding(unread.arn, unread.targets.error)];
      if (candidates.length === 0) return [fail(resource, `No EventBridge rule routes ${what} ${where}: findings are raised and nobody is told.`)];
      const why = candidates.map((r) => `${r.name} ${enabled(r) ? 'has no target' : `is ${r.state || 'not enabled'}`}`);
      return [fail(resource, `No EventBridge rule delivers ${what} ${where}: ${why.join('; ')}.`)];
    }),
  );
}
