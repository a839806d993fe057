import { Migration } from '@mikro-orm/migrations';

export class Migration20261201062427_initial extends Migration {

  override name = 'Migration20261201062427_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`actions\` (\`id\` integer not null primary key autoincrement, \`organization_id\` text not null, \`agent_id\` text not null, \`action_type\` text not null, \`resource\` text not null, \`status\` text not null, \`risk_score\` integer not null, \`risk_level\` text not null, \`risk_factors\` json not null, \`required_level\` integer not null, \`reason\` text not null, \`decided_by\` text not null, \`refusal_code\` text not null default '', \`estimated_cost_usd\` double not null, \`parameters\` json not null, \`submitted_by_user_id\` text not null, \`submitted_by_api_key_id\` text not null, \`approver_user_id\` text not null, \`approver_level\` integer not null, \`approval_comment\` text not null, \`decided_at\` datetime null, \`approval_deadline\` datetime null, \`escalations\` integer not null default 0, \`budget_key\` text not null default '', \`budget_micros\` bigint not null default '0', \`idempotency_key\` text null, \`correlation_id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1);`);
    this.addSql(`create index \`actions_approval_deadline_index\` on \`actions\` (\`approval_deadline\`);`);
    this.addSql(`create index \`actions_organization_id_created_at_index\` on \`actions\` (\`organization_id\`, \`created_at\`);`);
    this.addSql(`create index \`actions_organization_id_status_created_at_index\` on \`actions\` (\`organization_id\`, \`status\`, \`created_at\`);`);
    this.addSql(`create index \`actions_organization_id_agent_id_created_at_index\` on \`actions\` (\`organization_id\`, \`agent_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`actions_organization_id_idempotency_key_unique\` on \`actions\` (\`organization_id\`, \`idempotency_key\`);`);

    this.addSql(`create table \`approval_settings\` (\`organization_id\` text not null primary key, \`approval_deadline_seconds\` integer not null);`);

    this.addSql(`create table \`audit_entries\` (\`id\` text not null primary key, \`organization_id\` text not null, \`sequence\` integer not null, \`event_type\` text not null, \`actor_user_id\` text not null, \`actor_api_key_id\` text not null, \`agent_id\` text not null, \`action_id\` text not null, \`outcome\` text not null, \`data\` json not null, \`correlation_id\` text not null, \`created_at\` datetime not null, \`previous_hash\` text not null, \`hash\` text not null);`);
    this.addSql(`create index \`audit_entries_organization_id_agent_id_index\` on \`audit_entries\` (\`organization_id\`, \`agent_id\`);`);
    this.addSql(`create index \`audit_entries_organization_id_action_id_index\` on \`audit_entries\` (\`organization_id\`, \`action_id\`);`);
    this.addSql(`create unique index \`audit_entries_organization_id_sequence_unique\` on \`audit_entries\` (\`organization_id\`, \`sequence\`);`);

    this.addSql(`create table \`audit_heads\` (\`organization_id\` text not null primary key, \`sequence\` integer not null, \`hash\` text not null);`);

    this.addSql(`create table \`id_blocks\` (\`name\` text not null primary key, \`next_id\` bigint not null);`);

    this.addSql(`create table \`processed_messages\` (\`id\` text not null primary key, \`topic\` text not null, \`processed_at\` datetime not null);`);
    this.addSql(`create index \`processed_messages_processed_at_index\` on \`processed_messages\` (\`processed_at\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`actions\`;`);
    this.addSql(`drop table if exists \`approval_settings\`;`);
    this.addSql(`drop table if exists \`audit_entries\`;`);
    this.addSql(`drop table if exists \`audit_heads\`;`);
    this.addSql(`drop table if exists \`id_blocks\`;`);
    this.addSql(`drop table if exists \`processed_messages\`;`);
  }

}
