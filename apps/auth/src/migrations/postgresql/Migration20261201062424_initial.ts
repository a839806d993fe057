import { Migration } from '@mikro-orm/migrations';

export class Migration20261201062424_initial extends Migration {

  override name = 'Migration20261201062424_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "api_keys" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "created_by_user_id" varchar(255) not null, "name" varchar(255) not null, "lookup_id" varchar(255) not null, "key_hash" varchar(255) not null, "key_prefix" varchar(255) not null, "role" varchar(255) not null, "expires_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_lookup_id_unique" unique ("lookup_id");`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_organization_id_name_unique" unique ("organization_id", "name");`);

    this.addSql(`create table "organizations" ("id" varchar(255) not null, "name" varchar(255) not null, "requests_per_hour" int not null, "requests_per_day" int not null, "created_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`create table "outbox_messages" ("seq" serial primary key, "id" varchar(255) not null, "topic" varchar(255) not null, "ordering_key" varchar(255) not null, "payload" jsonb not null, "attempts" int not null default 0, "available_at" timestamptz not null, "claim_token" varchar(255) null, "claimed_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "outbox_messages" add constraint "outbox_messages_id_unique" unique ("id");`);
    this.addSql(`create index "outbox_messages_available_at_seq_index" on "outbox_messages" ("available_at", "seq");`);
    this.addSql(`create index "outbox_messages_ordering_key_seq_index" on "outbox_messages" ("ordering_key", "seq");`);

    this.addSql(`create table "refresh_tokens" ("id" varchar(255) not null, "user_id" varchar(255) not null, "family_id" varchar(255) not null, "digest" varchar(255) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);
    this.addSql(`create index "refresh_tokens_family_id_index" on "refresh_tokens" ("family_id");`);
    this.addSql(`alter table "refresh_tokens" add constraint "refresh_tokens_digest_unique" unique ("digest");`);

    this.addSql(`create table "settings" ("key" varchar(255) not null, "value" text not null, primary key ("key"));`);

    this.addSql(`create table "users" ("id" varchar(255) not null, "organization_id" varchar(255) not null, "email" varchar(255) not null, "password_hash" varchar(255) not null, "full_name" varchar(255) not null, "role" varchar(255) not null, "mfa_secret" varchar(255) not null, "mfa_enabled" boolean not null, "mfa_last_step" int not null default 0, "failed_logins" int not null default 0, "locked_until" timestamptz null, "created_at" timestamptz not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "users_organization_id_index" on "users" ("organization_id");`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_keys" cascade;`);
    this.addSql(`drop table if exists "organizations" cascade;`);
    this.addSql(`drop table if exists "outbox_messages" cascade;`);
    this.addSql(`drop table if exists "refresh_tokens" cascade;`);
    this.addSql(`drop table if exists "settings" cascade;`);
    this.addSql(`drop table if exists "users" cascade;`);

  }

}
