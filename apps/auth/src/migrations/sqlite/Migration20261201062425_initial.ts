import { Migration } from '@mikro-orm/migrations';

export class Migration20261201062425_initial extends Migration {

  override name = 'Migration20261201062425_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`api_keys\` (\`id\` text not null primary key, \`organization_id\` text not null, \`created_by_user_id\` text not null, \`name\` text not null, \`lookup_id\` text not null, \`key_hash\` text not null, \`key_prefix\` text not null, \`role\` text not null, \`expires_at\` datetime null, \`revoked_at\` datetime null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`api_keys_lookup_id_unique\` on \`api_keys\` (\`lookup_id\`);`);
    this.addSql(`create unique index \`api_keys_organization_id_name_unique\` on \`api_keys\` (\`organization_id\`, \`name\`);`);

    this.addSql(`create table \`organizations\` (\`id\` text not null primary key, \`name\` text not null, \`requests_per_hour\` integer not null, \`requests_per_day\` integer not null, \`created_at\` datetime not null);`);

    this.addSql(`create table \`outbox_messages\` (\`seq\` integer not null primary key autoincrement, \`id\` text not null, \`topic\` text not null, \`ordering_key\` text not null, \`payload\` json not null, \`attempts\` integer not null default 0, \`available_at\` datetime not null, \`claim_token\` text null, \`claimed_until\` datetime null, \`last_error\` text null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`outbox_messages_id_unique\` on \`outbox_messages\` (\`id\`);`);
    this.addSql(`create index \`outbox_messages_available_at_seq_index\` on \`outbox_messages\` (\`available_at\`, \`seq\`);`);
    this.addSql(`create index \`outbox_messages_ordering_key_seq_index\` on \`outbox_messages\` (\`ordering_key\`, \`seq\`);`);

    this.addSql(`create table \`refresh_tokens\` (\`id\` text not null primary key, \`user_id\` text not null, \`family_id\` text not null, \`digest\` text not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`revoked_at\` datetime null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`refresh_tokens_user_id_index\` on \`refresh_tokens\` (\`user_id\`);`);
    this.addSql(`create index \`refresh_tokens_family_id_index\` on \`refresh_tokens\` (\`family_id\`);`);
    this.addSql(`create unique index \`refresh_tokens_digest_unique\` on \`refresh_tokens\` (\`digest\`);`);

    this.addSql(`create table \`settings\` (\`key\` text not null primary key, \`value\` text not null);`);

    this.addSql(`create table \`users\` (\`id\` text not null primary key, \`organization_id\` text not null, \`email\` text not null, \`password_hash\` text not null, \`full_name\` text not null, \`role\` text not null, \`mfa_secret\` text not null, \`mfa_enabled\` integer not null, \`mfa_last_step\` integer not null default 0, \`failed_logins\` integer not null default 0, \`locked_until\` datetime null, \`created_at\` datetime not null, \`version\` integer not null default 1);`);
    this.addSql(`create index \`users_organization_id_index\` on \`users\` (\`organization_id\`);`);
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`api_keys\`;`);
    this.addSql(`drop table if exists \`organizations\`;`);
    this.addSql(`drop table if exists \`outbox_messages\`;`);
    this.addSql(`drop table if exists \`refresh_tokens\`;`);
    this.addSql(`drop table if exists \`settings\`;`);
    this.addSql(`drop table if exists \`users\`;`);
  }

}
