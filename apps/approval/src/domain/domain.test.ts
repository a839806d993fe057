import { ConnectError } from "@connectrpc/connect";
import { decodePlatformError } from "@platform/errors";
import { describe, expect, it } from "vitest";
import { ACTION_STATUSES, nextStatus, type Transition } from "./action-status.js";
import { assertMayDecide } from "./approver-rules.js";

function refusal(fn: () => unknown): { key?: string; detail?: string } {
  try {
    fn();
  } catch (failure) {
    const decoded = decodePlatformError(ConnectError.from(failure));
    return { key: decoded?.entry.key, detail: decoded?.entry.detail };
  }
  return {};
}

describe("action state machine", () => {
  const allowed: Record<string, string> = {
    "pending_approval approve": "approved",
    "pending_approval reject": "denied",
    "approved execute": "completed",
    "auto_approved execute": "completed",
    "approved fail": "failed",
    "auto_approved fail": "failed",
  };
  const transitions: Transition[] = ["approve", "reject", "execute", "fail"];

  it.each(ACTION_STATUSES.flatMap((from) => transitions.map((t) => [from, t] as const)))(
    "%s + %s",
    (from, transition) => {
      const want = allowed[`${from} ${transition}`];
      if (want) {
        expect(nextStatus(1, from, transition)).toBe(want);
        return;
      }
      const { key } = refusal(() => nextStatus(1, from, transition));
      if (transition === "approve" || transition === "reject") {
        expect(key).toBe(from === "approved" ? "ACTION_ALREADY_DECIDED" : "ACTION_NOT_PENDING");
      } else {
        expect(key).toBe(from === "pending_approval" ? "ACTION_NOT_APPROVED" : "INVALID_STATUS_TRANSITION");
      }
    },
  );

  it("names the current status in upper case when executing an unapproved action", () => {
    try {
      nextStatus(1, "pending_approval", "execute");
    } catch (failure) {
      expect(decodePlatformError(ConnectError.from(failure))?.params).toMatchObject({
        status_upper: "PENDING_APPROVAL",
      });
      return;
    }
    throw new Error("expected a refusal");
  });
});

describe("approver rules", () => {
  const action = { id: 1, submittedByUserId: "usr_submitter", requiredLevel: 2 };

  it("refuses the submitter, whatever their level", () => {
    expect(refusal(() => assertMayDecide(action, { userId: "usr_submitter", approvalLevel: 5 }))).toEqual({
      key: "SELF_APPROVAL_NOT_PERMITTED",
      detail: "Self-approval not permitted",
    });
  });

  it("refuses a level below the required one", () => {
    expect(refusal(() => assertMayDecide(action, { userId: "usr_other", approvalLevel: 1 })).key).toBe(
      "INSUFFICIENT_APPROVAL_LEVEL",
    );
  });

  it("lets another user of a high enough level decide", () => {
    expect(() => assertMayDecide(action, { userId: "usr_other", approvalLevel: 2 })).not.toThrow();
  });
});
