/** Fills `{name}` placeholders from params; unknown placeholders stay visible so a gap is noticed in tests. */
export function renderTemplate(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  });
}
