import { Migration } from "@mikro-orm/migrations";

export class Migration20261201062426_initial extends Migration {
  override name = "Migration20261201062426_initial";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "policies" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "name" varchar(255) not null, "description" text not null, "effect" varchar(255) not null, "required_level" int not null, "priority" int not null, "enabled" boolean not null, "conditions" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "policies_organization_id_index" on "policies" ("organization_id");`);

    this.addSql(
      `create table "smart_rules" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "name" varchar(255) not null, "description" text not null, "expression" text not null, "effect" varchar(255) not null, "required_level" int not null, "enabled" boolean not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "smart_rules_organization_id_index" on "smart_rules" ("organization_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "policies" cascade;`);
    this.addSql(`drop table if exists "smart_rules" cascade;`);
  }
}
