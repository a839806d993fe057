/**
 * Malformed inputs a hostile client sends, as data: whole bodies of the wrong JSON
 * type, and for each field of a valid body every kind of bad value (types, sizes,
 * encodings, nesting, NUL, surrogates, huge numbers). The hostile e2e test sweeps
 * every write route with them.
 */

/** A JSON value nested `depth` objects deep. */
export function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
}

/** Bodies that are JSON but not an object. */
export const wrongTypeBodies: readonly [string, unknown][] = [
  ["array", []],
  ["array of objects", [{ a: 1 }]],
  ["string", "x"],
  ["number", 42],
  ["null", null],
  ["true", true],
  ["false", false],
];

/** Raw bodies that are not (well-formed) JSON. */
export const rawBodies: readonly [string, string][] = [
  ["truncated", '{"a": '],
  ["trailing comma", '{"a": 1,}'],
  ["single quotes", "{'a': 1}"],
  ["NaN", '{"a": NaN}'],
  ["byte order mark", '\uFEFF{"a": 1}'],
  ["NUL outside strings", '{"a": 1}\u0000'],
  ["deep arrays", "[".repeat(5000) + "]".repeat(5000)],
  ["deep objects", '{"a":'.repeat(3000) + "1" + "}".repeat(3000)],
  ["escaped NUL key", '{"\\u0000": 1}'],
  ["duplicate keys", '{"a": 1, "a": {"b": 2}}'],
  ["prototype keys", '{"__proto__": {"role": "admin", "approval_level": 5}, "constructor": {"prototype": {"x": 1}}}'],
  [
    "number beyond a double",
    '{"agent_id": "sweep-agent", "action_type": "read", "parameters": {"x": 1e400}, "metadata": {"y": -1e999}}',
  ],
];

/** Bad values for one field. */
export const badValues: readonly [string, unknown][] = [
  ["NUL in a string", "bad\u0000value"],
  ["only NUL", "\u0000"],
  ["lone high surrogate", "bad\uD800value"],
  ["lone low surrogate", "\uDC00"],
  ["object", { a: 1 }],
  ["array", ["a", 1]],
  ["empty array", []],
  ["boolean", true],
  ["null", null],
  ["negative", -1],
  ["fraction", 0.5],
  ["huge number", 1e308],
  ["huge negative", -1e308],
  ["above 2^53", 2 ** 53 + 2],
  ["above 2^64", 2 ** 64],
  ["tiny", 5e-324],
  ["numeric string", "12"],
  ["empty string", ""],
  ["whitespace", "   "],
  ["long string", "x".repeat(70_000)],
  ["emoji", "\u{1F600}".repeat(300)],
  ["right-to-left and zero-width", "\u202E\u200B\uFEFFabc"],
  ["control characters", "\u0001\u0007\u001B[31m"],
  ["sql", "' OR 1=1 --"],
  ["path traversal", "../../../etc/passwd"],
  ["template", "${7*7}{{7*7}}"],
  ["html", "<script>alert(1)</script>"],
  ["nested 31 deep", nested(31)],
  ["nested 40 deep", nested(40)],
  ["nested 120 deep", nested(120)],
  ["object with NUL key", { "a\u0000b": 1 }],
  ["object with surrogate value", { a: "\uD800" }],
  ["list with NUL", ["ok", "bad\u0000"]],
  ["many keys", Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))],
];

/** Path segments a hostile client puts where an id goes (already percent-encoded). */
export const badPathSegments: readonly [string, string][] = [
  ["NUL", "%00"],
  ["NUL inside", "abc%00def"],
  ["encoded surrogate", "%ED%A0%80"],
  ["broken encoding", "%E0%A4%A"],
  ["lone percent", "%"],
  ["overlong dot", "%C0%AE"],
  ["encoded slash traversal", "..%2F..%2Fetc%2Fpasswd"],
  ["dot dot", ".."],
  ["very long", "a".repeat(5000)],
  ["spaces", "a%20b"],
  ["sql", "1%27%20OR%201%3D1"],
  ["negative number", "-1"],
  ["huge number", "99999999999999999999999999"],
  ["unicode", "%F0%9F%98%80"],
];

/** Query strings a hostile client appends. */
export const badQueries: readonly [string, string][] = [
  ["NUL value", "agent_id=%00"],
  ["NUL name", "%00=1"],
  ["surrogate", "status=%ED%A0%80"],
  ["broken encoding", "agent_id=%E0%A4%A"],
  ["limit not a number", "limit=abc"],
  ["limit negative", "limit=-5"],
  ["limit huge", "limit=99999999999999999999"],
  ["limit fraction", "limit=1.5"],
  ["offset huge", "offset=1e308"],
  ["page huge", "page=99999999999"],
  ["cursor garbage", "cursor=%FF%FE%00"],
  ["cursor long", `cursor=${"z".repeat(4000)}`],
  ["repeated", "limit=1&limit=2&limit=x"],
  ["dates", "start_date=not-a-date&end_date=%00"],
  ["organization of another", "organization_id=org_someone_else"],
];
