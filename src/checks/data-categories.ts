import type { MacieDetection } from '../aws/collectors/macieprofiles.js';

/** The GDPR-relevant categories the data map sorts Macie's detections into. */
export const DATA_CATEGORIES = {
  names: { label: 'Names', personal: true },
  contact: { label: 'Contact details (email, phone, postal address)', personal: true },
  national_id: { label: 'National identifiers (ID card, passport, tax, social security, driving licence)', personal: true },
  health: { label: 'Health data (Art. 9 special category)', personal: true },
  financial: { label: 'Financial data (bank accounts, payment cards)', personal: true },
  birth_date: { label: 'Dates of birth', personal: true },
  location: { label: 'Location data', personal: true },
  credentials: { label: 'Credentials and secrets', personal: false },
  custom: { label: 'Custom data identifiers (assumed personal)', personal: true },
  other: { label: 'Other sensitive data (unmapped identifier, assumed personal)', personal: true },
} as const satisfies Record<string, { label: string; personal: boolean }>;
export type DataCategory = keyof typeof DATA_CATEGORIES;

/**
 * Macie's managed data identifiers, by id, and the category each is filed under. The one table: an id not
 * in it is filed by {@link PATTERNS}, else as `other` (assumed personal, never dropped).
 * See https://docs.aws.amazon.com/macie/latest/user/mdis-reference-quick.html.
 */
export const MANAGED_IDENTIFIER_CATEGORIES: Readonly<Record<string, DataCategory>> = {
  NAME: 'names',
  EMAIL_ADDRESS: 'contact',
  PHONE_NUMBER: 'contact',
  ADDRESS: 'contact',
  NATIONAL_IDENTIFICATION_NUMBER: 'national_id',
  NATIONAL_INSURANCE_NUMBER: 'national_id',
  PASSPORT_NUMBER: 'national_id',
  DRIVERS_LICENSE: 'national_id',
  INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: 'national_id',
  TAX_IDENTIFICATION_NUMBER: 'national_id',
  USA_SOCIAL_SECURITY_NUMBER: 'national_id',
  USA_PASSPORT_NUMBER: 'national_id',
  ELECTORAL_ROLL_NUMBER: 'national_id',
  VEHICLE_IDENTIFICATION_NUMBER: 'national_id',
  HEALTH_INSURANCE_CLAIM_NUMBER: 'health',
  HEALTH_INSURANCE_NUMBER: 'health',
  EUROPEAN_HEALTH_INSURANCE_CARD_NUMBER: 'health',
  MEDICAL_DEVICE_UDI: 'health',
  UK_NATIONAL_HEALTH_SERVICE_NUMBER: 'health',
  USA_HEALTHCARE_PROCEDURE_CODE: 'health',
  USA_MEDICARE_BENEFICIARY_IDENTIFIER: 'health',
  USA_NATIONAL_DRUG_CODE: 'health',
  USA_NATIONAL_PROVIDER_IDENTIFIER: 'health',
  USA_DRUG_ENFORCEMENT_AGENCY_NUMBER: 'health',
  BANK_ACCOUNT_NUMBER: 'financial',
  CREDIT_CARD_NUMBER: 'financial',
  CREDIT_CARD_EXPIRATION: 'financial',
  CREDIT_CARD_MAGNETIC_STRIPE: 'financial',
  CREDIT_CARD_SECURITY_CODE: 'financial',
  DATE_OF_BIRTH: 'birth_date',
  BIRTH_DATE: 'birth_date',
  LATITUDE_LONGITUDE: 'location',
  AWS_CREDENTIALS: 'credentials',
  GITHUB_CREDENTIALS: 'credentials',
  HTTP_BASIC_AUTH_HEADER: 'credentials',
  HTTP_COOKIE: 'credentials',
  JSON_WEB_TOKEN: 'credentials',
  OPENSSH_PRIVATE_KEY: 'credentials',
  PGP_PRIVATE_KEY: 'credentials',
  PKCS: 'credentials',
  POSIX_PRIVATE_KEY: 'credentials',
  PUTTY_PRIVATE_KEY: 'credentials',
  STRIPE_CREDENTIALS: 'credentials',
};

/** Country-specific and newer identifiers, by the words in their id. */
const PATTERNS: readonly [RegExp, DataCategory][] = [
  [/HEALTH|MEDIC|DRUG|NHS/, 'health'],
  [/BANK|CREDIT_CARD|IBAN|SWIFT/, 'financial'],
  [/PASSPORT|NATIONAL_ID|SOCIAL_SECURITY|TAX_ID|DRIVER|IDENTITY_CARD|PERSONAL_NUMBER/, 'national_id'],
  [/CREDENTIAL|PRIVATE_KEY|SECRET|TOKEN|PASSWORD/, 'credentials'],
  [/EMAIL|PHONE|ADDRESS/, 'contact'],
];

/** The category of one detection: custom identifiers are `custom`; managed ones by the table, then the patterns, else `other`. */
export function categoryOf(d: Pick<MacieDetection, 'id' | 'type'>): DataCategory {
  if (d.type === 'CUSTOM') return 'custom';
  const id = d.id.toUpperCase();
  if (Object.hasOwn(MANAGED_IDENTIFIER_CATEGORIES, id)) return MANAGED_IDENTIFIER_CATEGORIES[id]!;
  return PATTERNS.find(([re]) => re.test(id))?.[1] ?? 'other';
}

/** The categories of a bucket's detections, in table order. Suppressed detections still count: the data is there. */
export function categoriesOf(detections: readonly Pick<MacieDetection, 'id' | 'type' | 'count'>[]): DataCategory[] {
  const found = new Set(detections.filter((d) => d.count > 0).map(categoryOf));
  return (Object.keys(DATA_CATEGORIES) as DataCategory[]).filter((c) => found.has(c));
}
