import { Migration } from '@mikro-orm/migrations';

export class Migration20261201082458_notifications extends Migration {

  override name = 'Migration20261201082458_notifications';

  override up(): void | Promise<void> {
    this.addSql(`create table \`notification_deliveries\` (\`id\` text not null primary key, \`organization_id\` text not null, \`endpoint_id\` text not null, \`event\` text not null, \`action_id\` bigint not null, \`payload\` json not null, \`status\` text not null, \`attempts\` integer not null, \`next_attempt_at\` datetime not null, \`claim_token\` text null, \`last_status_code\` integer not null, \`last_error\` text not null, \`delivered_at\` datetime null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`notification_deliveries_status_next_attempt_at_index\` on \`notification_deliveries\` (\`status\`, \`next_attempt_at\`);`);
    this.addSql(`create index \`notification_deliveries_endpoint_id_created_at_index\` on \`notification_deliveries\` (\`endpoint_id\`, \`created_at\`);`);

    this.addSql(`create table \`notification_endpoints\` (\`id\` text not null primary key, \`organization_id\` text not null, \`name\` text not null, \`kind\` text not null, \`url\` text not null, \`email\` text not null, \`events\` json not null, \`enabled\` integer not null, \`secret\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create index \`notification_endpoints_organization_id_index\` on \`notification_endpoints\` (\`organization_id\`);`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`actions__temp_alter\` (\`id\` integer not null primary key autoincrement, \`organization_id\` text not null, \`agent_id\` text not null, \`action_type\` text not null, \`resource\` text not null, \`status\` text not null, \`risk_score\` integer not null, \`risk_level\` text not null, \`risk_factors\` json not null, \`required_level\` integer not null, \`reason\` text not null, \`decided_by\` text not null, \`refusal_code\` text not null default '', \`estimated_cost_usd\` double not null, \`parameters\` json not null, \`submitted_by_user_id\` text not null, \`submitted_by_api_key_id\` text not null, \`approver_user_id\` text not null, \`approver_level\` integer not null, \`approval_comment\` text not null, \`decided_at\` datetime null, \`approval_deadline\` datetime null, \`escalations\` integer not null default 0, \`budget_key\` text not null default '', \`budget_micros\` bigint not null default '0', \`idempotency_key\` text null, \`correlation_id\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null default 1);`);
    this.addSql(`insert into \`actions__temp_alter\` select \`id\`, \`organization_id\`, \`agent_id\`, \`action_type\`, \`resource\`, \`status\`, \`risk_score\`, \`risk_level\`, \`risk_factors\`, \`required_level\`, \`reason\`, \`decided_by\`, \`refusal_code\`, \`estimated_cost_usd\`, \`parameters\`, \`submitted_by_user_id\`, \`submitted_by_api_key_id\`, \`approver_user_id\`, \`approver_level\`, \`approval_comment\`, \`decided_at\`, \`approval_deadline\`, \`escalations\`, \`budget_key\`, \`budget_micros\`, \`idempotency_key\`, \`correlation_id\`, \`created_at\`, \`updated_at\`, \`version\` from \`actions\`;`);
    this.addSql(`drop table \`actions\`;`);
    this.addSql(`alter table \`actions__temp_alter\` rename to \`actions\`;`);
    this.addSql(`create index \`actions_approval_deadline_index\` on \`actions\` (\`approval_deadline\`);`);
    this.addSql(`create index \`actions_organization_id_created_at_index\` on \`actions\` (\`organization_id\`, \`created_at\`);`);
    this.addSql(`create index \`actions_organization_id_status_created_at_index\` on \`actions\` (\`organization_id\`, \`status\`, \`created_at\`);`);
    this.addSql(`create index \`actions_organization_id_agent_id_created_at_index\` on \`actions\` (\`organization_id\`, \`agent_id\`, \`created_at\`);`);
    this.addSql(`create unique index \`actions_organization_id_idempotency_key_unique\` on \`actions\` (\`organization_id\`, \`idempotency_key\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`notification_deliveries\`;`);
    this.addSql(`drop table if exists \`notification_endpoints\`;`);

    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`actions__temp_alter\` (\`id\` integer not null primary key autoincrement, \`organization_id\` TEXT not null, \`agent_id\` TEXT not null, \`action_type\` TEXT not null, \`resource\` TEXT not null, \`status\` TEXT not null, \`risk_score\` INTEGER not null, \`risk_level\` TEXT not null, \`risk_factors\` json not null, \`required_level\` INTEGER not null, \`reason\` TEXT not null, \`decided_by\` TEXT not null, \`refusal_code\` TEXT not null default '', \`estimated_cost_usd\` double not null, \`parameters\` json not null, \`submitted_by_user_id\` TEXT not null, \`submitted_by_api_key_id\` TEXT not null, \`approver_user_id\` TEXT not null, \`approver_level\` INTEGER not null, \`approval_comment\` TEXT not null, \`decided_at\` datetime null, \`approval_deadline\` datetime null, \`escalations\` INTEGER not null default 0, \`budget_key\` TEXT not null default '', \`budget_micros\` bigint not null default '0', \`idempotency_key\` TEXT null, \`correlation_id\` TEXT not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` INTEGER not null default 1);`);
    this.addSql(`insert into \`actions__temp_alter\` select \`id\`, \`organization_id\`, \`agent_id\`, \`action_type\`, \`resource\`, \`status\`, \`risk_score\`, \`risk_level\`, \`risk_factors\`, \`required_level\`, \`reason\`, \`decided_by\`, \`refusal_code\`, \`estimated_cost_usd\`, \`parameters\`, \`submitted_by_user_id\`, \`submitted_by_api_key_id\`, \`approver_user_id\`, \`approver_level\`, \`approval_comment\`, \`decided_at\`, \`approval_deadline\`, \`escalations\`, \`budget_key\`, \`budget_micros\`, \`idempotency_key\`, \`correlation_id\`, \`created_at\`, \`updated_at\`, \`version\` from \`actions\`;`);
    this.addSql(`drop table \`actions\`;`);
    this.addSql(`alter table \`actions__temp_alter\` rename to \`actions\`;`);
    this.addSql(`create unique index \`actions_organization_id_idempotency_key_unique\` on \`actions\` (\`organization_id\`, \`idempotency_key\`);`);
    this.addSql(`create index \`actions_organization_id_agent_id_created_at_index\` on \`actions\` (\`organization_id\`, \`agent_id\`, \`created_at\`);`);
    this.addSql(`create index \`actions_organization_id_status_created_at_index\` on \`actions\` (\`organization_id\`, \`status\`, \`created_at\`);`);
    this.addSql(`create index \`actions_organization_id_created_at_index\` on \`actions\` (\`organization_id\`, \`created_at\`);`);
    this.addSql(`create index \`actions_approval_deadline_index\` on \`actions\` (\`approval_deadline\`);`);
    this.addSql(`pragma foreign_keys = on;`);
  }

}
