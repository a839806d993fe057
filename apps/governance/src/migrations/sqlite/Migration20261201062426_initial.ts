import { Migration } from "@mikro-orm/migrations";

export class Migration20261201062426_initial extends Migration {
  override name = "Migration20261201062426_initial";

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`policies\` (\`id\` text not null primary key, \`organization_id\` text not null, \`name\` text not null, \`description\` text not null, \`effect\` text not null, \`required_level\` integer not null, \`priority\` integer not null, \`enabled\` integer not null, \`conditions\` json not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create index \`policies_organization_id_index\` on \`policies\` (\`organization_id\`);`);

    this.addSql(
      `create table \`smart_rules\` (\`id\` text not null primary key, \`organization_id\` text not null, \`name\` text not null, \`description\` text not null, \`expression\` text not null, \`effect\` text not null, \`required_level\` integer not null, \`enabled\` integer not null, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create index \`smart_rules_organization_id_index\` on \`smart_rules\` (\`organization_id\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`policies\`;`);
    this.addSql(`drop table if exists \`smart_rules\`;`);
  }
}
