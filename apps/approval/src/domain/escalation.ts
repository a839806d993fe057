/** Approval levels run from 1 (user) to 5 (security officer). */
export const HIGHEST_APPROVAL_LEVEL = 5;

/** Approvals wait 24 hours by default before they are escalated (per organization). */
export const DEFAULT_APPROVAL_DEADLINE_SECONDS = 24 * 60 * 60;

export type EscalationOutcome =
  | { readonly kind: "escalated"; readonly requiredLevel: number; readonly deadline: Date }
  | { readonly kind: "expired" };

/**
 * An approval past its deadline goes one level up with a fresh deadline; past the
 * highest level it expires as denied (api-contract section 6).
 */
export function escalate(requiredLevel: number, now: Date, deadlineSeconds: number): EscalationOutcome {
  if (requiredLevel >= HIGHEST_APPROVAL_LEVEL) return { kind: "expired" };
  return {
    kind: "escalated",
    requiredLevel: requiredLevel + 1,
    deadline: new Date(now.getTime() + deadlineSeconds * 1000),
  };
}
