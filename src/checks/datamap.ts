import { describeCallError, type CallError, type Read } from '../aws/collectors/context.js';
import type { CloudTrailData } from '../aws/collectors/cloudtrail.js';
import type { MacieProfiledBucket, MacieProfilesData } from '../aws/collectors/macieprofiles.js';
import type { S3Bucket, S3Data } from '../aws/collectors/s3.js';
import { MACIE_PROFILE_CAP } from '../aws/facts.js';
import type { Snapshot } from '../aws/snapshot.js';
import { deliveringMultiRegionProblem, s3DataCoverage } from './cloudtrail-trails.js';
import { categoriesOf, DATA_CATEGORIES, type DataCategory } from './data-categories.js';
import { bucketExposure } from './s3-exposure.js';

/** What is known about one safeguard of a data store: a state, and the detail a reader needs. */
export interface Safeguard<S extends string> {
  state: S | 'unknown';
  detail: string;
}

/** One bucket that holds (or, unread, may hold) personal data: an entry of the Art. 30 record. */
export interface DataStore {
  accountId: string;
  arn: string;
  name: string;
  /** The bucket's region (S3's answer, else Macie's); absent when neither gave one. */
  region?: string;
  /** `inside`/`outside` the configured allowed regions (`scan.allowedRegions`), `not_configured` when none are. */
  residency: 'inside' | 'outside' | 'not_configured' | 'unknown';
  sensitivityScore: number;
  /** The categories found; empty when they could not be read (see `categoriesRead`). */
  categories: DataCategory[];
  /** `read`; `over_cap`: over the per-account cap of profiles read; `no_profile`: Macie has none yet; `error`: the read failed. */
  categoriesRead: 'read' | 'over_cap' | 'no_profile' | 'error';
  /** Why the categories are missing (the failed call), when `categoriesRead` is `error`. */
  categoriesError?: string;
  encryption: Safeguard<'kms' | 'sse_s3' | 'none'>;
  exposure: Safeguard<'public' | 'not_public'>;
  dataEvents: Safeguard<'logged' | 'partial' | 'not_logged'>;
}

/** A region (or the whole account) where nobody can tell which buckets hold personal data. */
export interface DataMapGap {
  /** The region, or `all` when the account's Macie data could not be read at all. */
  region: string;
  kind: 'macie_off' | 'discovery_off' | 'unreadable';
  message: string;
}

/** The personal data map of one account, built from one scan's home snapshot. */
export interface AccountDataMap {
  accountId: string;
  collectedAt: string;
  /** Buckets holding personal data (or presumed to: sensitive by Macie's score, categories unread), highest score first. */
  stores: DataStore[];
  /** Sensitive buckets whose detections are only of non-personal kinds (credentials): not personal data, still sensitive. */
  nonPersonal: { arn: string; region?: string; categories: DataCategory[] }[];
  gaps: DataMapGap[];
  /** Buckets Macie scored below its "sensitive" threshold (not on the map) and buckets it could not analyse (score -1). */
  belowThreshold: number;
  unanalysed: string[];
  regions: string[];
}

const KMS = new Set(['aws:kms', 'aws:kms:dsse']);

function why(e: CallError): string {
  return `${describeCallError(e)} (${e.message})`;
}

function encryptionOf(s3: S3Bucket | undefined, macie: MacieProfiledBucket): DataStore['encryption'] {
  if (s3) {
    if (!s3.encryption.ok) return { state: 'unknown', detail: `default encryption unread: ${why(s3.encryption.error)}` };
    const e = s3.encryption.value;
    if (e === null) return { state: 'none', detail: 'no default encryption configured' };
    return { state: KMS.has(e) ? 'kms' : 'sse_s3', detail: e };
  }
  if (macie.encryption === undefined) return { state: 'unknown', detail: 'neither S3 nor Macie gave a default encryption' };
  if (macie.encryption === 'NONE') return { state: 'none', detail: 'no default encryption (Macie inventory)' };
  return { state: KMS.has(macie.encryption) ? 'kms' : 'sse_s3', detail: `${macie.encryption} (Macie inventory)` };
}

function exposureOf(s3data: S3Data | undefined, s3: S3Bucket | undefined, macie: MacieProfiledBucket): DataStore['exposure'] {
  if (s3data && s3) {
    const e = bucketExposure(s3, s3data.accountPublicAccessBlock);
    if (!e.ok) return { state: 'unknown', detail: `public access unread: ${why(e.error)}` };
    return e.value.publicBecause.length > 0
      ? { state: 'public', detail: e.value.publicBecause.join('; ') }
      : { state: 'not_public', detail: 'not public under the Block Public Access settings in force' };
  }
  if (macie.publicAccess === 'PUBLIC') return { state: 'public', detail: 'public (Macie inventory)' };
  if (macie.publicAccess === 'NOT_PUBLIC') return { state: 'not_public', detail: 'not public (Macie inventory)' };
  return { state: 'unknown', detail: 'neither S3 nor Macie could tell whether it is public' };
}

/** Whether a classic selector value (`arn:aws:s3:::bucket/` or a prefix in it) names this bucket. */
function namesBucket(value: string, name: string): boolean {
  return value === `arn:aws:s3:::${name}` || value.startsWith(`arn:aws:s3:::${name}/`);
}

/**
 * Whether a logging, delivering multi-region trail records this bucket's object reads and writes: for
 * every bucket, or for this bucket by name (classic selectors). Anything a trail's unread settings could
 * change is `unknown`, never `not_logged`.
 */
export function dataEventsOf(ct: CloudTrailData | undefined, name: string): DataStore['dataEvents'] {
  if (!ct) return { state: 'unknown', detail: 'CloudTrail was not read in this scan' };
  if (!ct.trails.ok) return { state: 'unknown', detail: `trails unread: ${why(ct.trails.error)}` };
  const unknown: string[] = ct.unreadRegions.map((u) => `the trails of ${u.region}: ${why(u.error)}`);
  let read = false;
  let write = false;
  const by: string[] = [];
  for (const t of ct.trails.value) {
    if (!t.selectors.ok) {
      unknown.push(`the event selectors of trail ${t.name}: ${why(t.selectors.error)}`);
      continue;
    }
    const c = s3DataCoverage(t.selectors.value);
    let r = c.read;
    let w = c.write;
    for (const sel of t.selectors.value.classic) {
      for (const d of sel.dataResources ?? []) {
        if (d.type !== 'AWS::S3::Object' || !d.values.some((v) => namesBucket(v, name))) continue;
        r ||= sel.readWriteType === 'All' || sel.readWriteType === 'ReadOnly';
        w ||= sel.readWriteType === 'All' || sel.readWriteType === 'WriteOnly';
      }
    }
    if (!r && !w) continue;
    const problem = deliveringMultiRegionProblem(t);
    if (problem?.kind === 'error') unknown.push(problem.reason);
    if (problem) continue;
    read ||= r;
    write ||= w;
    by.push(t.name);
  }
  if (read && write) return { state: 'logged', detail: `object reads and writes logged by trail ${by.join(', ')}` };
  if (unknown.length > 0) return { state: 'unknown', detail: `could not read ${unknown.join('; ')}` };
  if (read || write) return { state: 'partial', detail: `only object ${read ? 'reads' : 'writes'} logged (trail ${by.join(', ')})` };
  return { state: 'not_logged', detail: 'no logging, delivering multi-region trail records its object reads and writes' };
}

function residencyOf(region: string | undefined, allowed: readonly string[] | undefined): DataStore['residency'] {
  if (!allowed || allowed.length === 0) return 'not_configured';
  if (!region) return 'unknown';
  return allowed.includes(region) ? 'inside' : 'outside';
}

/** Whether a profiled bucket holds personal data, and its categories. */
function classify(b: MacieProfiledBucket): { personal: boolean; categories: DataCategory[]; read: DataStore['categoriesRead']; error?: string } {
  if (b.detections === undefined) return { personal: true, categories: [], read: 'over_cap' };
  if (!b.detections.ok) return { personal: true, categories: [], read: 'error', error: why(b.detections.error) };
  if (b.detections.value === null) return { personal: true, categories: [], read: 'no_profile' };
  const categories = categoriesOf(b.detections.value);
  // A sensitive score with no detection listed (a score set by hand) is presumed personal.
  const personal = categories.length === 0 || categories.some((c) => DATA_CATEGORIES[c].personal);
  return { personal, categories, read: 'read' };
}

/**
 * The personal data map of the snapshot's account: Macie's sensitive buckets (every scanned region) joined
 * with the S3 facts (region, default encryption, public exposure) and CloudTrail's data events, and the
 * regions where nothing can be said (Macie or its automated discovery off, a read that failed). A bucket
 * whose categories could not be read stays on the map as presumed personal; a region Macie does not cover
 * is a gap, never "no personal data". `undefined` when the snapshot holds no Macie profile data at all.
 */
export function buildDataMap(s: Snapshot): AccountDataMap | undefined {
  const mp: MacieProfilesData | undefined = s.data.macieprofiles;
  const map: AccountDataMap = {
    accountId: s.accountId,
    collectedAt: s.collectedAt,
    stores: [],
    nonPersonal: [],
    gaps: [],
    belowThreshold: 0,
    unanalysed: [],
    regions: [...s.regions],
  };
  if (!mp) {
    const e = s.errors.macieprofiles;
    if (!e) return undefined;
    map.gaps.push({ region: 'all', kind: 'unreadable', message: `Macie's view of account ${s.accountId} could not be read: ${why(e)}.` });
    return map;
  }
  const s3 = s.data.s3;
  const s3Buckets = new Map<string, S3Bucket>();
  if (s3?.buckets.ok) for (const b of s3.buckets.value) s3Buckets.set(b.name, b);
  for (const [region, r] of Object.entries(mp.byRegion).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const gap = regionGap(s.accountId, region, r.session, r.automatedDiscovery, r.buckets);
    if (gap) {
      map.gaps.push(gap);
      continue;
    }
    map.belowThreshold += r.belowThreshold;
    map.unanalysed.push(...r.unanalysed);
    for (const b of (r.buckets.ok ? r.buckets.value : null) ?? []) {
      const c = classify(b);
      const own = s3Buckets.get(b.name);
      const bucketRegion = own?.region.ok ? own.region.value : b.region;
      if (!c.personal) {
        map.nonPersonal.push({ arn: b.arn, ...(bucketRegion ? { region: bucketRegion } : {}), categories: c.categories });
        continue;
      }
      map.stores.push({
        accountId: s.accountId,
        arn: b.arn,
        name: b.name,
        ...(bucketRegion ? { region: bucketRegion } : {}),
        residency: residencyOf(bucketRegion, s.settings.allowedRegions),
        sensitivityScore: b.sensitivityScore,
        categories: c.categories,
        categoriesRead: c.read,
        ...(c.error ? { categoriesError: c.error } : {}),
        encryption: encryptionOf(own, b),
        exposure: exposureOf(s3, own, b),
        dataEvents: dataEventsOf(s.data.cloudtrail, b.name),
      });
    }
  }
  map.stores.sort((a, b) => b.sensitivityScore - a.sensitivityScore || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  return map;
}

function regionGap(
  accountId: string,
  region: string,
  session: Read<string | null>,
  discovery: Read<{ status: string } | null>,
  buckets: Read<unknown>,
): DataMapGap | undefined {
  const where = `${region} (account ${accountId})`;
  if (!session.ok)
    return {
      region,
      kind: 'unreadable',
      message: `Macie's status in ${where} could not be read: ${why(session.error)}. Which buckets there hold personal data is unknown.`,
    };
  if (session.value === null)
    return { region, kind: 'macie_off', message: `Macie is not enabled in ${where}: which buckets there hold personal data is unknown.` };
  if (!discovery.ok)
    return {
      region,
      kind: 'unreadable',
      message: `Macie's automated discovery in ${where} could not be read: ${why(discovery.error)}. Which buckets there hold personal data is unknown.`,
    };
  if (discovery.value?.status !== 'ENABLED') {
    return {
      region,
      kind: 'discovery_off',
      message: `Macie's automated sensitive data discovery is ${discovery.value?.status ?? 'off'} in ${where}: its sensitivity scores mean nothing, so which buckets there hold personal data is unknown.`,
    };
  }
  if (!buckets.ok)
    return {
      region,
      kind: 'unreadable',
      message: `Macie's bucket inventory in ${where} could not be read: ${why(buckets.error)}. Which buckets there hold personal data is unknown.`,
    };
  return undefined;
}

/** The resources (bucket ARNs) that hold personal data on these maps: what risk ranking puts first. */
export function personalResources(maps: readonly AccountDataMap[]): Set<string> {
  return new Set(maps.flatMap((m) => m.stores.map((st) => st.arn)));
}

/** Whether a result's resource is (or lies in) a store holding personal data. */
export function holdsPersonalData(resource: string, personal: ReadonlySet<string>): boolean {
  if (personal.size === 0) return false;
  if (personal.has(resource)) return true;
  const slash = resource.indexOf('/');
  return slash > 0 && personal.has(resource.slice(0, slash));
}

/** The cap, for messages and docs. */
export const DATA_MAP_PROFILE_CAP = MACIE_PROFILE_CAP;

/** One-line summary of a store's categories. */
export function categoryLabels(store: Pick<DataStore, 'categories' | 'categoriesRead' | 'categoriesError'>): string {
  if (store.categories.length > 0) return store.categories.map((c) => DATA_CATEGORIES[c].label).join('; ');
  switch (store.categoriesRead) {
    case 'over_cap':
      return `not read (over the cap of ${MACIE_PROFILE_CAP} profiles per account); sensitive by Macie's score`;
    case 'no_profile':
      return "not read (Macie has no profile yet); sensitive by Macie's score";
    case 'error':
      return `could not be read (${store.categoriesError ?? 'error'}); presumed personal`;
    default:
      return "none listed; sensitive by Macie's score (presumed personal)";
  }
}
