import { Migration } from '@mikro-orm/migrations';

export class Migration20261201062426_initial extends Migration {

  override name = 'Migration20261201062426_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "actions" ("id" bigserial primary key, "organization_id" varchar(255) not null, "agent_id" varchar(255) not null, "action_type" varchar(255) not null, "resource" text not null, "status" varchar(255) not null, "risk_score" int not null, "risk_level" varchar(255) not null, "risk_factors" jsonb not null, "required_level" int not null, "reason" text not null, "decided_by" varchar(255) not null, "refusal_code" varchar(255) not null default '', "estimated_cost_usd" double precision not null, "parameters" jsonb not null, "submitted_by_user_id" varchar(255) not null, "submitted_by_api_key_id" varchar(255) not null, "approver_user_id" varchar(255) not null, "approver_level" int not null, "approval_comment" text not null, "decided_at" timestamptz null, "approval_deadline" timestamptz null, "escalations" int not null default 0, "budget_key" varchar(255) not null default '', "budget_micros" bigint not null default '0', "idempotency_key" varchar(255) null, "correlation_id" varchar(255) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1);`);
    this.addSql(`create index "actions_approval_deadline_index" on "actions" ("approval_deadline");`);
    this.addSql(`create index "actions_organization_id_created_at_index" on "actions" ("organization_id", "created_at");`);
    this.addSql(`create index "actions_organization_id_status_created_at_index" on "actions" ("organization_id", "status", "created_at");`);
    this.addSql(`create index "actions_organization_id_agent_id_created_at_index" on "actions" ("organization_id", "agent_id", "created_at");`);
    this.addSql(`alter table "actions" add constraint "actions_organization_id_idempotency_key_unique" unique ("organization_id", "idempotency_key");`);

    this.addSql(`create table "approval_settings" ("organization_id" varchar(255) not null, "approval_deadline_seconds" int not null, primary key ("organization_id"));`);

    this.addSql(`create table "audit_entries" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "sequence" int not null, "event_type" varchar(255) not null, "actor_user_id" varchar(255) not null, "actor_api_key_id" varchar(255) not null, "agent_id" varchar(255) not null, "action_id" varchar(255) not null, "outcome" varchar(255) not null, "data" jsonb not null, "correlation_id" varchar(255) not null, "created_at" timestamptz not null, "previous_hash" varchar(255) not null, "hash" varchar(255) not null, primary key ("id"));`);
    this.addSql(`create index "audit_entries_organization_id_agent_id_index" on "audit_entries" ("organization_id", "agent_id");`);
    this.addSql(`create index "audit_entries_organization_id_action_id_index" on "audit_entries" ("organization_id", "action_id");`);
    this.addSql(`alter table "audit_entries" add constraint "audit_entries_organization_id_sequence_unique" unique ("organization_id", "sequence");`);

    this.addSql(`create table "audit_heads" ("organization_id" varchar(255) not null, "sequence" int not null, "hash" varchar(255) not null, primary key ("organization_id"));`);

    this.addSql(`create table "id_blocks" ("name" varchar(255) not null, "next_id" bigint not null, primary key ("name"));`);

    this.addSql(`create table "processed_messages" ("id" varchar(255) not null, "topic" varchar(255) not null, "processed_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "processed_messages_processed_at_index" on "processed_messages" ("processed_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "actions" cascade;`);
    this.addSql(`drop table if exists "approval_settings" cascade;`);
    this.addSql(`drop table if exists "audit_entries" cascade;`);
    this.addSql(`drop table if exists "audit_heads" cascade;`);
    this.addSql(`drop table if exists "id_blocks" cascade;`);
    this.addSql(`drop table if exists "processed_messages" cascade;`);

  }

}
