import { Migration } from '@mikro-orm/migrations';

export class Migration20261201060520_initial extends Migration {

  override name = 'Migration20261201060520_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "decisions" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "agent_id" varchar(255) not null, "action_type" varchar(255) not null, "outcome" varchar(255) not null, "refusal" varchar(255) not null, "decided_by" varchar(255) not null, "reason" text not null, "risk_score" int not null, "risk_level" varchar(255) not null, "estimated_cost_usd" double precision not null, "submitted_by_user_id" varchar(255) not null, "correlation_id" varchar(255) not null, "budget_key" varchar(255) not null default '', "budget_micros" double precision not null default 0, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "decisions_organization_id_agent_id_created_at_index" on "decisions" ("organization_id", "agent_id", "created_at");`);

    this.addSql(`create table "policies" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "name" varchar(255) not null, "description" text not null, "effect" varchar(255) not null, "required_level" int not null, "priority" int not null, "enabled" boolean not null, "conditions" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "policies_organization_id_index" on "policies" ("organization_id");`);

    this.addSql(`create table "smart_rules" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "name" varchar(255) not null, "description" text not null, "expression" text not null, "effect" varchar(255) not null, "required_level" int not null, "enabled" boolean not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "smart_rules_organization_id_index" on "smart_rules" ("organization_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "decisions" cascade;`);
    this.addSql(`drop table if exists "policies" cascade;`);
    this.addSql(`drop table if exists "smart_rules" cascade;`);

  }

}
