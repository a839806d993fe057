import type { CounterStore } from "@platform/counters";
import type { Principal } from "@platform/proto/principal";
import { agentBudgetDay, fromMicros, toMicros } from "../domain/limits.js";
import type { AgentDirectory } from "./agent-directory.js";

type Caller = Principal & { organizationId: string };

/** An agent's daily budget and its current day's spend, as the counters hold it now. */
export interface AgentBudgetView {
  readonly agentId: string;
  readonly maxDailyUsd: number | undefined;
  /** Spent, with what pending actions hold until they are decided: what the next reservation is weighed against. */
  readonly spentTodayUsd: number;
  readonly remainingUsd: number | undefined;
  /** The agent's current day (YYYY-MM-DD) in `timezone`. */
  readonly day: string;
  readonly timezone: string;
  readonly resetsInSeconds: number;
}

/**
 * Reads an agent's budget counter, the one the pipeline reserves in (same key, same local
 * day), and changes nothing. The agent comes from the caller's organization only: another
 * organization's agent is the registry's AGENT_NOT_FOUND.
 */
export class AgentBudgets {
  constructor(
    private readonly agents: AgentDirectory,
    private readonly counters: CounterStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async of(caller: Caller, agentId: string): Promise<AgentBudgetView> {
    const { agent } = await this.agents.agentOf(caller.organizationId, agentId);
    const day = agentBudgetDay(caller.organizationId, agent, this.now());
    const spentMicros = await this.counters.read(day.key);
    const max = agent.governance?.maxDailyUsd;
    return {
      agentId: agent.agentId,
      maxDailyUsd: max,
      spentTodayUsd: fromMicros(spentMicros),
      remainingUsd: max === undefined ? undefined : fromMicros(Math.max(0, toMicros(max) - spentMicros)),
      day: day.date,
      timezone: day.timezone,
      resetsInSeconds: day.resetsIn,
    };
  }
}
