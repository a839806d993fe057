/**
 * Action ids are positive integers below 2^53 (api-contract section 8); paths and
 * requests carry their decimal form. Anything else names no action.
 */
export function parseActionId(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(text)) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : undefined;
}
