import type { EnvSchema } from "./env-field.js";

/** The configuration schema of every app, by app name, in the order the table lists them. */
export type AppSchemas = Readonly<Record<string, EnvSchema>>;

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * The README's configuration table: one row per variable with the apps that read
 * it, its default, what it accepts and what it does. Generated from the schemas
 * so the documentation cannot drift from what the boot check enforces.
 */
export function configTable(apps: AppSchemas): string {
  const rows = new Map<string, { apps: string[]; field: EnvSchema[string] }>();
  for (const [app, schema] of Object.entries(apps)) {
    for (const [name, field] of Object.entries(schema)) {
      const row = rows.get(name);
      if (row) row.apps.push(app);
      else rows.set(name, { apps: [app], field });
    }
  }
  const all = Object.keys(apps).length;
  const lines = ["| variable | read by | default | accepts | meaning |", "|---|---|---|---|---|"];
  for (const [name, { apps: readers, field }] of rows) {
    const fallback = field.defaultText !== undefined ? `\`${field.defaultText}\`` : (field.defaultNote ?? "unset");
    const who = readers.length === all ? "all" : readers.join(", ");
    lines.push(`| \`${name}\` | ${who} | ${cell(fallback)} | ${cell(field.expected)} | ${cell(field.description)} |`);
  }
  return lines.join("\n");
}
