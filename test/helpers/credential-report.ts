/** The columns of an IAM credential report, in the order AWS writes them. */
export const CREDENTIAL_REPORT_HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

/** One user's password facts for {@link credentialReportCsv} (keys are left out: these lines say none). */
export interface ReportUser {
  user: string;
  arn: string;
  created: Date;
  /** Undefined: no console password. */
  passwordLastChanged?: Date;
  passwordLastUsed?: Date;
}

const iso = (d: Date) => d.toISOString().replace('.000Z', '+00:00');

/** A credential report CSV as IAM writes it (`no_information` for a password never used, `N/A` for none). */
export function credentialReportCsv(users: ReportUser[]): string {
  return [
    CREDENTIAL_REPORT_HEADER,
    ...users.map((u) => {
      const has = u.passwordLastChanged !== undefined;
      const used = has ? (u.passwordLastUsed ? iso(u.passwordLastUsed) : 'no_information') : 'N/A';
      return `${u.user},${u.arn},${iso(u.created)},${has},${used},${has ? iso(u.passwordLastChanged!) : 'N/A'},N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
    }),
  ].join('\n');
}
