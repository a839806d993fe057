/**
 * What a gateway answer says about governance, for the metrics: the decision of a
 * submitted action, the refusal code, the cost admitted against a budget, the kind of
 * limit behind a 429, and human approval decisions. Pure: reads the route pattern,
 * the status and the JSON body the gateway wrote.
 */
export interface ResponseFacts {
  /** auto_approved, pending_approval or denied, for action submissions. */
  readonly decision?: "auto_approved" | "pending_approval" | "denied";
  /** The catalogue code of a refusal (403/429 on submission), or "none". */
  readonly refusalCode?: string;
  /** The estimated cost of an admitted action (auto-approved or pending), counted against its agent's budget. */
  readonly admittedCostUsd?: number;
  /** organization_hour, organization_day, agent, budget or quota, for any 429. */
  readonly limitKind?: string;
  /** A human's approve or reject that the API accepted, or refused. */
  readonly approval?: { readonly move: "approve" | "reject"; readonly outcome: string };
}

const submitRoutes = new Set(["/api/actions", "/api/v1/actions", "/api/actions/submit", "/api/v1/actions/submit"]);
const approvalRoute = /^\/api(?:\/v1)?\/actions\/:id\/(approve|reject)$/;

interface Body {
  status?: unknown;
  estimated_cost_usd?: unknown;
  error?: { code?: unknown; details?: Record<string, unknown> };
  limits?: unknown;
}

function limitKindOf(body: Body): string {
  const code = body.error?.code;
  if (code === "BUDGET_EXCEEDED") return "budget";
  if (code === "QUOTA_EXCEEDED") return "quota";
  if (code === "RATE_LIMIT_EXCEEDED") {
    if (body.limits !== undefined || body.error?.details?.["agent_id"] !== undefined) return "agent";
    const window = body.error?.details?.["window"];
    return typeof window === "string" && window ? `organization_${window}` : "organization";
  }
  return typeof code === "string" ? code.toLowerCase() : "unknown";
}

export function responseFacts(method: string, route: string | undefined, status: number, body: unknown): ResponseFacts {
  const b = (body && typeof body === "object" ? body : {}) as Body;
  const code = typeof b.error?.code === "string" ? b.error.code : undefined;
  const facts: { -readonly [K in keyof ResponseFacts]: ResponseFacts[K] } = {};
  if (status === 429) facts.limitKind = limitKindOf(b);
  if (method === "POST" && route && submitRoutes.has(route)) {
    const cost = typeof b.estimated_cost_usd === "number" ? b.estimated_cost_usd : 0;
    if (status === 200 && b.status === "auto_approved")
      Object.assign(facts, { decision: "auto_approved", refusalCode: "none", admittedCostUsd: cost });
    else if (status === 202)
      Object.assign(facts, { decision: "pending_approval", refusalCode: "none", admittedCostUsd: cost });
    else if ((status === 403 || status === 429) && code)
      Object.assign(facts, { decision: "denied", refusalCode: code });
  }
  const approval = method === "POST" && route ? approvalRoute.exec(route) : null;
  if (approval) {
    const move = approval[1] as "approve" | "reject";
    const outcome = status === 200 ? (move === "approve" ? "approved" : "rejected") : (code ?? `http_${status}`);
    facts.approval = { move, outcome };
  }
  return facts;
}
