import {
  DescribeOrganizationConfigurationCommand,
  GetAdministratorAccountCommand,
  GetDetectorCommand,
  GuardDutyClient,
  ListFindingsCommand,
  paginateListDetectors,
} from '@aws-sdk/client-guardduty';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

/** A protection plan of a detector (GetDetector `Features`): `S3_DATA_EVENTS`, `RDS_LOGIN_EVENTS`, `EBS_MALWARE_PROTECTION`, … */
export interface DetectorFeature {
  name: string;
  /** `ENABLED` or `DISABLED`. */
  status: string;
}

/**
 * Who runs GuardDuty for this account in the region. A member names its administrator (GetAdministratorAccount);
 * the organisation's delegated administrator reads the auto-enable setting (DescribeOrganizationConfiguration),
 * which any other account is refused with a BadRequestException (`organization: null` then).
 */
export interface GuardDutyManagement {
  administrator?: { accountId: string; relationshipStatus: string };
  organization: { autoEnableMembers: string; memberAccountLimitReached: boolean } | null;
}

export interface GuardDutyDetector {
  id: string;
  arn: string;
  /** `ENABLED`, or `DISABLED` for a suspended detector. */
  status: Read<string>;
  /** The detector's protection plans, from the same GetDetector answer (`[]` when it lists none). */
  features: Read<DetectorFeature[]>;
  management: Read<GuardDutyManagement>;
  /**
   * Open (not archived) findings of severity ≥ 7: high (7–8.9) and critical (9–10). `ids` is the first
   * page that held any; `more` says more pages follow. `ids` empty with `more` set means the listing
   * was cut short before any finding was seen (it cannot say "none").
   */
  openHighFindings: Read<{ ids: string[]; more: boolean }>;
}

export interface GuardDutyData {
  detectors: Read<GuardDutyDetector[]>;
}

/** GuardDuty's lowest high severity: 7–8.9 is high, 9–10 critical, and "high" includes critical. */
export const GUARDDUTY_HIGH_SEVERITY = 7;
/** ListFindings pages read at most, looking for a first open high finding (a page can be empty yet have a NextToken). */
export const GUARDDUTY_MAX_EMPTY_PAGES = 20;

/** Lists open high findings of one detector until a page holds one, the list ends, or the page budget is spent. */
async function openHighFindings(ctx: CollectContext, gd: GuardDutyClient, detectorId: string): Promise<{ ids: string[]; more: boolean }> {
  let token: string | undefined;
  for (let page = 0; page < GUARDDUTY_MAX_EMPTY_PAGES; page += 1) {
    const out = await ctx.must('guardduty:ListFindings', () =>
      gd.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          MaxResults: 50,
          NextToken: token,
          FindingCriteria: { Criterion: { severity: { GreaterThanOrEqual: GUARDDUTY_HIGH_SEVERITY }, 'service.archived': { Equals: ['false'] } } },
        }),
      ),
    );
    const ids = out.FindingIds ?? [];
    token = out.NextToken || undefined;
    if (ids.length > 0 || !token) return { ids, more: Boolean(token) };
  }
  return { ids: [], more: true };
}

/** Read by a member or standalone account, DescribeOrganizationConfiguration answers BadRequestException: not the delegated administrator. */
const NOT_ADMINISTRATOR = ['BadRequestException'];

async function management(ctx: CollectContext, gd: GuardDutyClient, detectorId: string): Promise<GuardDutyManagement> {
  const admin = (await ctx.must('guardduty:GetAdministratorAccount', () => gd.send(new GetAdministratorAccountCommand({ DetectorId: detectorId }))))
    .Administrator;
  const administrator = admin?.AccountId ? { accountId: admin.AccountId, relationshipStatus: admin.RelationshipStatus ?? '' } : undefined;
  // A member's organisation settings live in its administrator's account: not asked for here.
  if (administrator?.relationshipStatus === 'Enabled') return { administrator, organization: null };
  const org = await ctx.call(
    'guardduty:DescribeOrganizationConfiguration',
    () => gd.send(new DescribeOrganizationConfigurationCommand({ DetectorId: detectorId, MaxResults: 50 })),
    NOT_ADMINISTRATOR,
  );
  const organization = org
    ? {
        autoEnableMembers: org.AutoEnableOrganizationMembers ?? (org.AutoEnable === true ? 'NEW' : 'NONE'),
        memberAccountLimitReached: org.MemberAccountLimitReached === true,
      }
    : null;
  return { ...(administrator ? { administrator } : {}), organization };
}

/**
 * GuardDuty (regional): every detector (every page), its status and protection plans, who administers it,
 * and whether it has open high/critical findings.
 */
export const guarddutyCollector: Collector<GuardDutyData> = {
  id: 'guardduty',
  scope: 'region',
  async collect(ctx) {
    const gd = ctx.clients.get(GuardDutyClient, ctx.region);
    const detectors = await ctx.read(async () => {
      const ids = await ctx.pages('guardduty:ListDetectors', paginateListDetectors({ client: gd }, {}), (p) => p.DetectorIds);
      return Promise.all(
        ids.map(async (id): Promise<GuardDutyDetector> => {
          const [detector, findings, managedBy] = await Promise.all([
            ctx.read(() => ctx.must('guardduty:GetDetector', () => gd.send(new GetDetectorCommand({ DetectorId: id })))),
            ctx.read(() => openHighFindings(ctx, gd, id)),
            ctx.read(() => management(ctx, gd, id)),
          ]);
          const status: Read<string> = detector.ok ? { ok: true, value: detector.value.Status ?? 'UNKNOWN' } : detector;
          const features: Read<DetectorFeature[]> = detector.ok
            ? { ok: true, value: (detector.value.Features ?? []).map((f) => ({ name: f.Name ?? '', status: f.Status ?? '' })) }
            : detector;
          return {
            id,
            arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${id}`,
            status,
            features,
            management: managedBy,
            openHighFindings: findings,
          };
        }),
      );
    });
    return { detectors };
  },
};
