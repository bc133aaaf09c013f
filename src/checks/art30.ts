import { categoryLabels, type AccountDataMap, type DataStore } from './datamap.js';

/** Said wherever the data map is missing: its absence is never "no personal data". */
export const NOT_COLLECTED =
  "The personal data map was not collected (it needs Macie's automated sensitive data discovery and a scan that includes the check s3_personal_data_bucket_data_events_logged). This does not mean that no personal data is stored.";

const RESIDENCY: Record<DataStore['residency'], string> = {
  inside: 'inside the allowed regions',
  outside: 'OUTSIDE the allowed regions (a transfer question)',
  not_configured: 'no allowed regions configured (scan.allowedRegions)',
  unknown: 'region unknown',
};

/** The safeguards of a store in one line each, for the annex. */
export function safeguards(st: DataStore): { encryption: string; exposure: string; dataEvents: string } {
  const enc = { kms: 'SSE-KMS', sse_s3: 'SSE-S3 (no KMS key)', none: 'NOT ENCRYPTED by default', unknown: 'unknown' }[st.encryption.state];
  const exp = { public: 'PUBLIC', not_public: 'not public', unknown: 'unknown' }[st.exposure.state];
  const ev = { logged: 'reads and writes logged', partial: 'partly logged', not_logged: 'NOT logged', unknown: 'unknown' }[st.dataEvents.state];
  return { encryption: `${enc} (${st.encryption.detail})`, exposure: `${exp} (${st.exposure.detail})`, dataEvents: `${ev} (${st.dataEvents.detail})` };
}

export function residencyLabel(st: DataStore): string {
  return `${st.region ?? '?'}: ${RESIDENCY[st.residency]}`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Markdown annex: per account, the data stores holding personal data, their categories, locations and safeguards, and what is not known. */
export function art30Markdown(maps: readonly AccountDataMap[] | undefined): string[] {
  const out = ['## Annex: records of processing (Art. 30): where the personal data is', ''];
  if (!maps || maps.length === 0) return [...out, `_${NOT_COLLECTED}_`, ''];
  out.push(
    "Data stores (S3 buckets) that Macie's automated sensitive data discovery finds personal data in (sensitivity score 50 or more), with the kinds of data, where they are and how they are protected. Failures on these buckets are marked PERSONAL DATA above.",
    '',
  );
  for (const m of maps) {
    out.push(`### Account ${m.accountId} (data map of ${m.collectedAt})`, '');
    if (m.stores.length > 0) {
      out.push(
        '| Data store | Location | Categories of personal data | Macie score | Encryption at rest | Public exposure | Access logging (data events) |',
        '|---|---|---|---|---|---|---|',
      );
      for (const st of m.stores) {
        const g = safeguards(st);
        out.push(
          `| ${mdCell(st.arn)} | ${mdCell(residencyLabel(st))} | ${mdCell(categoryLabels(st))} | ${st.sensitivityScore} | ${mdCell(g.encryption)} | ${mdCell(g.exposure)} | ${mdCell(g.dataEvents)} |`,
        );
      }
    } else
      out.push(
        m.gaps.length > 0
          ? '_No data store holding personal data was found where Macie could look; see what is not known below._'
          : '_Macie finds no bucket holding personal data in the scanned regions._',
      );
    out.push('');
    for (const g of m.gaps) out.push(`- **Not known (${g.region})**: ${mdCell(g.message)}`);
    const notes: string[] = [];
    if (m.belowThreshold > 0) notes.push(`${m.belowThreshold} bucket(s) Macie scores below 50 are not listed (little or no sensitive data found)`);
    if (m.unanalysed.length > 0)
      notes.push(
        `${m.unanalysed.length} bucket(s) Macie could not analyse (score -1): ${m.unanalysed.slice(0, 10).join(', ')}${m.unanalysed.length > 10 ? ', …' : ''}`,
      );
    if (m.nonPersonal.length > 0) notes.push(`${m.nonPersonal.length} sensitive bucket(s) hold only credentials or secrets (not personal data)`);
    for (const n of notes) out.push(`- ${mdCell(n)}`);
    out.push('');
  }
  return out;
}

/**
 * The annex as CSV rows (the report's first ten columns): `personal_data` per store, `unknown` per region
 * nobody can tell about, one `not_collected` row when the scan collected no map (`[]`). `undefined`: the
 * caller has no data map to report (no rows).
 */
export function art30Csv(maps: readonly AccountDataMap[] | undefined): string[][] {
  if (!maps) return [];
  if (maps.length === 0) return [['Art. 30', 'datamap', 'Personal data map', '', '', '', '', 'personal data map', 'not_collected', NOT_COLLECTED]];
  const rows: string[][] = [];
  for (const m of maps) {
    for (const st of m.stores) {
      const g = safeguards(st);
      rows.push([
        'Art. 30',
        'datamap',
        'Data store holding personal data',
        '',
        '',
        st.accountId,
        st.region ?? '',
        st.arn,
        'personal_data',
        `Categories: ${categoryLabels(st)}. Location: ${residencyLabel(st)}. Encryption: ${g.encryption}. Exposure: ${g.exposure}. Data events: ${g.dataEvents}. Macie score ${st.sensitivityScore}.`,
      ]);
    }
    for (const g of m.gaps)
      rows.push([
        'Art. 30',
        'datamap',
        'Personal data not known',
        '',
        '',
        m.accountId,
        g.region === 'all' ? '' : g.region,
        `macie ${g.region}`,
        'unknown',
        g.message,
      ]);
  }
  return rows;
}

/** The annex for JSON and SARIF. */
export function art30Json(maps: readonly AccountDataMap[] | undefined) {
  if (!maps || maps.length === 0) return { collected: false, note: NOT_COLLECTED };
  return {
    collected: true,
    accounts: maps.map((m) => ({
      accountId: m.accountId,
      collectedAt: m.collectedAt,
      dataStores: m.stores.map((st) => ({
        arn: st.arn,
        region: st.region,
        residency: st.residency,
        categories: st.categories,
        categoriesRead: st.categoriesRead,
        sensitivityScore: st.sensitivityScore,
        safeguards: { encryption: st.encryption, exposure: st.exposure, dataEvents: st.dataEvents },
      })),
      notKnown: m.gaps,
      belowThreshold: m.belowThreshold,
      unanalysed: m.unanalysed,
    })),
  };
}
