import { Migration } from '@mikro-orm/migrations';

export class Migration20261201060520_initial extends Migration {

  override name = 'Migration20261201060520_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table \`decisions\` (\`id\` text not null primary key, \`organization_id\` text not null, \`agent_id\` text not null, \`action_type\` text not null, \`outcome\` text not null, \`refusal\` text not null, \`decided_by\` text not null, \`reason\` text not null, \`risk_score\` integer not null, \`risk_level\` text not null, \`estimated_cost_usd\` double not null, \`submitted_by_user_id\` text not null, \`correlation_id\` text not null, \`budget_key\` text not null default '', \`budget_micros\` double not null default 0, \`created_at\` datetime not null);`);
    this.addSql(`create index \`decisions_organization_id_agent_id_created_at_index\` on \`decisions\` (\`organization_id\`, \`agent_id\`, \`created_at\`);`);

    this.addSql(`create table \`policies\` (\`id\` text not null primary key, \`organization_id\` text not null, \`name\` text not null, \`description\` text not null, \`effect\` text not null, \`required_level\` integer not null, \`priority\` integer not null, \`enabled\` integer not null, \`conditions\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create index \`policies_organization_id_index\` on \`policies\` (\`organization_id\`);`);

    this.addSql(`create table \`smart_rules\` (\`id\` text not null primary key, \`organization_id\` text not null, \`name\` text not null, \`description\` text not null, \`expression\` text not null, \`effect\` text not null, \`required_level\` integer not null, \`enabled\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`);
    this.addSql(`create index \`smart_rules_organization_id_index\` on \`smart_rules\` (\`organization_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`decisions\`;`);
    this.addSql(`drop table if exists \`policies\`;`);
    this.addSql(`drop table if exists \`smart_rules\`;`);
  }

}
