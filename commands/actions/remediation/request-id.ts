/** A remediation request id as the approval message's buttons carry it; anything else is refused. */
export const REQUEST_ID = /^R[0-9A-F]{10}$/;
