/** Fills `{name}` placeholders from params; unknown placeholders stay visible so a gap is noticed in tests. */
export function renderTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return scalarText(value);
  });
}

/** A parameter as text: strings as they are, other scalars in their usual spelling, anything else as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return value.toString();
  return JSON.stringify(value);
}
