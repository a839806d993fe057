import { Migration } from '@mikro-orm/migrations';

export class Migration20261201082458_notifications extends Migration {

  override name = 'Migration20261201082458_notifications';

  override up(): void | Promise<void> {
    this.addSql(`create table "notification_deliveries" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "endpoint_id" varchar(255) not null, "event" varchar(255) not null, "action_id" bigint not null, "payload" jsonb not null, "status" varchar(255) not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "claim_token" varchar(255) null, "last_status_code" int not null, "last_error" text not null, "delivered_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "notification_deliveries_status_next_attempt_at_index" on "notification_deliveries" ("status", "next_attempt_at");`);
    this.addSql(`create index "notification_deliveries_endpoint_id_created_at_index" on "notification_deliveries" ("endpoint_id", "created_at");`);

    this.addSql(`create table "notification_endpoints" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "name" varchar(255) not null, "kind" varchar(255) not null, "url" text not null, "email" varchar(255) not null, "events" jsonb not null, "enabled" boolean not null, "secret" varchar(255) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "notification_endpoints_organization_id_index" on "notification_endpoints" ("organization_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "notification_deliveries" cascade;`);
    this.addSql(`drop table if exists "notification_endpoints" cascade;`);
  }

}
