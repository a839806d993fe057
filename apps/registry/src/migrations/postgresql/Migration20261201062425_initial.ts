import { Migration } from '@mikro-orm/migrations';

export class Migration20261201062425_initial extends Migration {

  override name = 'Migration20261201062425_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "agents" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "agent_id" varchar(255) not null, "agent_type" varchar(255) not null, "name" varchar(255) not null, "description" text not null, "status" varchar(255) not null, "kill_reason" text not null, "governance" jsonb not null, "metadata" jsonb not null, "health_status" varchar(255) not null default 'unknown', "sdk_version" varchar(255) not null default '', "last_heartbeat_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "agents_organization_id_index" on "agents" ("organization_id");`);
    this.addSql(`alter table "agents" add constraint "agents_organization_id_agent_id_unique" unique ("organization_id", "agent_id");`);

    this.addSql(`create table "mcp_servers" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "name" varchar(255) not null, "url" text not null, "transport" varchar(255) not null, "tools" jsonb not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "mcp_servers" add constraint "mcp_servers_organization_id_name_unique" unique ("organization_id", "name");`);

    this.addSql(`create table "organization_kill_switches" ("organization_id" varchar(255) not null, "active" boolean not null, "reason" text not null, "changed_at" timestamptz not null, primary key ("organization_id"));`);

    this.addSql(`create table "outbox_messages" ("seq" serial primary key, "id" varchar(255) not null, "topic" varchar(255) not null, "ordering_key" varchar(255) not null, "payload" jsonb not null, "attempts" int not null default 0, "available_at" timestamptz not null, "claim_token" varchar(255) null, "claimed_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "outbox_messages" add constraint "outbox_messages_id_unique" unique ("id");`);
    this.addSql(`create index "outbox_messages_available_at_seq_index" on "outbox_messages" ("available_at", "seq");`);
    this.addSql(`create index "outbox_messages_ordering_key_seq_index" on "outbox_messages" ("ordering_key", "seq");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "agents" cascade;`);
    this.addSql(`drop table if exists "mcp_servers" cascade;`);
    this.addSql(`drop table if exists "organization_kill_switches" cascade;`);
    this.addSql(`drop table if exists "outbox_messages" cascade;`);

  }

}
