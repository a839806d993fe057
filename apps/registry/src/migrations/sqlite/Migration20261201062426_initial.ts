import { Migration } from '@mikro-orm/migrations';

export class Migration20261201062426_initial extends Migration {

  override name = 'Migration20261201062426_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`agents\` (\`id\` text not null primary key, \`organization_id\` text not null, \`agent_id\` text not null, \`agent_type\` text not null, \`name\` text not null, \`description\` text not null, \`status\` text not null, \`kill_reason\` text not null, \`governance\` json not null, \`metadata\` json not null, \`health_status\` text not null default 'unknown', \`sdk_version\` text not null default '', \`last_heartbeat_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1);`);
    this.addSql(`create index \`agents_organization_id_index\` on \`agents\` (\`organization_id\`);`);
    this.addSql(`create unique index \`agents_organization_id_agent_id_unique\` on \`agents\` (\`organization_id\`, \`agent_id\`);`);

    this.addSql(`create table \`mcp_servers\` (\`id\` text not null primary key, \`organization_id\` text not null, \`name\` text not null, \`url\` text not null, \`transport\` text not null, \`tools\` json not null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`mcp_servers_organization_id_name_unique\` on \`mcp_servers\` (\`organization_id\`, \`name\`);`);

    this.addSql(`create table \`organization_kill_switches\` (\`organization_id\` text not null primary key, \`active\` integer not null, \`reason\` text not null, \`changed_at\` datetime not null);`);

    this.addSql(`create table \`outbox_messages\` (\`seq\` integer not null primary key autoincrement, \`id\` text not null, \`topic\` text not null, \`ordering_key\` text not null, \`payload\` json not null, \`attempts\` integer not null default 0, \`available_at\` datetime not null, \`claim_token\` text null, \`claimed_until\` datetime null, \`last_error\` text null, \`created_at\` datetime not null);`);
    this.addSql(`create unique index \`outbox_messages_id_unique\` on \`outbox_messages\` (\`id\`);`);
    this.addSql(`create index \`outbox_messages_available_at_seq_index\` on \`outbox_messages\` (\`available_at\`, \`seq\`);`);
    this.addSql(`create index \`outbox_messages_ordering_key_seq_index\` on \`outbox_messages\` (\`ordering_key\`, \`seq\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`agents\`;`);
    this.addSql(`drop table if exists \`mcp_servers\`;`);
    this.addSql(`drop table if exists \`organization_kill_switches\`;`);
    this.addSql(`drop table if exists \`outbox_messages\`;`);
  }

}
