/**
 * Clients submitting actions as the vendor SDKs do: each logical action has its own
 * Idempotency-Key, and a 503 is retried with the same key after its Retry-After
 * (shortened here) until the platform answers for good.
 */
export interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly code?: string;
}

export interface LoadResult {
  /** Every answer, retries included. */
  readonly answers: Answer[];
  /** Logical actions the platform acknowledged (2xx with an id): key -> action id. */
  readonly acknowledged: Map<string, string>;
  /** Logical actions still unanswered when the load stopped (their last answer was a 503 or no connection). */
  readonly unfinished: string[];
  /** Requests that got no HTTP answer at all (connection refused or reset). */
  readonly networkErrors: number;
}

export interface Load {
  stop(): Promise<LoadResult>;
}

export function startSubmitLoad(options: {
  url: string;
  headers: Record<string, string>;
  agentId: string;
  clients: number;
  keyPrefix: string;
}): Load {
  const answers: Answer[] = [];
  const acknowledged = new Map<string, string>();
  const unfinished: string[] = [];
  let networkErrors = 0;
  // Set by stop(): the time it was called (0 while running).
  const state = { stoppedAt: 0 };
  const stopping = () => state.stoppedAt > 0;
  // A client gives up on its current action only if the platform is still not back 10 s after stop().
  const givenUp = () => stopping() && Date.now() - state.stoppedAt > 10_000;

  async function client(n: number): Promise<void> {
    for (let i = 0; !stopping(); i++) {
      const key = `${options.keyPrefix}-${n}-${i}`;
      const body = JSON.stringify({ agent_id: options.agentId, action_type: "read_file", resource: `/data/${n}/${i}` });
      for (;;) {
        let res: Response | undefined;
        try {
          res = await fetch(`${options.url}/api/v1/actions`, {
            method: "POST",
            headers: { ...options.headers, "content-type": "application/json", "idempotency-key": key },
            body,
          });
        } catch {
          networkErrors++;
        }
        if (res) {
          const text = await res.text();
          const parsed = text ? (JSON.parse(text) as { id?: unknown; error?: { code?: string } }) : {};
          answers.push({ status: res.status, retryAfter: res.headers.get("retry-after"), code: parsed.error?.code });
          if (res.status < 300) {
            acknowledged.set(key, String(parsed.id));
            break;
          }
          if (res.status !== 503) break; // anything else is final (and fails the test's checks)
        }
        // Once stopping, a client still sees its current action through (the platform is back by then).
        if (givenUp()) {
          unfinished.push(key);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  const running = Promise.all(Array.from({ length: options.clients }, (_, n) => client(n)));
  return {
    async stop() {
      state.stoppedAt = Date.now();
      await running;
      return { answers, acknowledged, unfinished, networkErrors };
    },
  };
}
