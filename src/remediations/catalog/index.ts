import { accessanalyzerCreate } from './accessanalyzer-create.js';
import { cloudtrailEnableLogValidation } from './cloudtrail-enable-log-validation.js';
import { ebsEnableDefaultEncryption } from './ebs-enable-default-encryption.js';
import { ec2IsolateInstance } from './ec2-isolate-instance.js';
import { ec2RestoreInstance } from './ec2-restore-instance.js';
import { guarddutyEnable } from './guardduty-enable.js';
import { iamDeactivateAccessKey } from './iam-deactivate-access-key.js';
import { iamRemoveUnusedCredentials } from './iam-remove-unused-credentials.js';
import { iamSetPasswordPolicy } from './iam-set-password-policy.js';
import { inspectorEnable } from './inspector-enable.js';
import { kmsEnableKeyRotation } from './kms-enable-key-rotation.js';
import { macieEnable } from './macie-enable.js';
import { s3AccountBlockPublicAccess } from './s3-account-block-public-access.js';
import { s3BucketBlockPublicAccess } from './s3-bucket-block-public-access.js';
import { s3BucketDefaultEncryption } from './s3-bucket-default-encryption.js';
import { s3BucketTlsOnly } from './s3-bucket-tls-only.js';
import { securityhubEnable } from './securityhub-enable.js';
import type { PreviousRequest, Remediation, RemediationTarget } from '../types.js';

/**
 * Every fix the bot can apply, one file each in src/remediations/catalog/ (file name = id). This list is loaded in
 * every role (the web role shows titles, risks and permissions), so a fix imports only types from
 * `@aws-sdk/client-*` at the top of its file and loads the client itself inside `plan` / `apply`
 * (`const { KMSClient, … } = await import('@aws-sdk/client-kms')`): a process loads a service's SDK
 * client only when it runs a fix that calls it (the start-up test checks that ROLE=web loads none).
 */
export const REMEDIATIONS: readonly Remediation[] = [
  accessanalyzerCreate,
  cloudtrailEnableLogValidation,
  ebsEnableDefaultEncryption,
  ec2IsolateInstance,
  ec2RestoreInstance,
  guarddutyEnable,
  iamDeactivateAccessKey,
  iamRemoveUnusedCredentials,
  iamSetPasswordPolicy,
  inspectorEnable,
  kmsEnableKeyRotation,
  macieEnable,
  s3AccountBlockPublicAccess,
  s3BucketBlockPublicAccess,
  s3BucketDefaultEncryption,
  s3BucketTlsOnly,
  securityhubEnable,
];

const BY_ID = new Map(REMEDIATIONS.map((r) => [r.id, r]));

/** The remediation with this id, or undefined. */
export function findRemediation(id: string): Remediation | undefined {
  return BY_ID.get(id);
}

/**
 * The fix each check offers, derived from the fixes' `fixes` lists (a check lists no fix of its own). A
 * check claimed by two fixes is a mistake in the catalog: it fails here, when the module loads, so no
 * process starts with an ambiguous link (the catalog test names the two).
 */
const FIX_OF_CHECK: ReadonlyMap<string, Remediation> = (() => {
  const map = new Map<string, Remediation>();
  for (const r of REMEDIATIONS) {
    for (const checkId of r.fixes) {
      const other = map.get(checkId);
      if (other) throw new Error(`check ${checkId} is fixed by both ${other.id} and ${r.id}`);
      map.set(checkId, r);
    }
  }
  return map;
})();

/** The fix a failure of this check offers, or undefined when it has none (it must be fixed by hand). */
export function fixOf(checkId: string): Remediation | undefined {
  return FIX_OF_CHECK.get(checkId);
}

/**
 * The fixes a failing result of this check may get, in the order they are asked (`targetFromResult`): the
 * fixes that take the check over in some cases (`takesOver`) first, then the check's own fix. Empty when
 * the check offers no fix.
 */
export function fixesFor(checkId: string): Remediation[] {
  const own = fixOf(checkId);
  if (!own) return [];
  return [...REMEDIATIONS.filter((r) => r.takesOver?.some((id) => id === checkId)), own];
}

/** The fixes that follow another fix's request (they build their target from it). */
const FOLLOW_UP_FIXES = REMEDIATIONS.filter((r) => r.targetFromRequest);

/**
 * The follow-up a request offers (the first of its fix's `followUps` that can follow it) with its target,
 * copied from the request; or a sentence saying why there is none. For a request whose fix has no
 * follow-up, the follow-up fixes themselves say why they cannot follow it.
 */
export function followUpFor(
  request: PreviousRequest,
  find: (id: string) => Remediation | undefined = findRemediation,
): { remediation: Remediation; target: RemediationTarget } | { error: string } {
  const declared = (find(request.remediation)?.followUps ?? []).map(find).filter((r): r is Remediation => r?.targetFromRequest !== undefined);
  let error: string | undefined;
  for (const next of declared) {
    const built = next.targetFromRequest!(request);
    if ('target' in built) return { remediation: next, target: built.target };
    error ??= built.error;
  }
  // A fix without follow-ups offers none; the follow-up fixes say why they cannot follow its request.
  if (declared.length === 0) {
    for (const next of FOLLOW_UP_FIXES) {
      const built = next.targetFromRequest!(request);
      if ('error' in built) return { error: built.error };
    }
  }
  return { error: error ?? `request ${request.id} has nothing to follow up` };
}
