import { z } from "zod";

/**
 * One environment variable: how its text becomes a value, what an operator must
 * give, and what it means. The README's configuration table is generated from these.
 * `Always` is true when the variable always has a value (it has a default).
 */
export interface EnvField<T, Always extends boolean = boolean> {
  /** Parses the variable's text (never empty: an empty variable counts as unset). */
  readonly schema: z.ZodType<T, string>;
  /** What a valid value looks like, for the boot error line and the README ("an integer from 1 to 600000"). */
  readonly expected: string;
  /** What the variable does. */
  readonly description: string;
  /** The text used when the variable is unset; none means the variable is optional. */
  readonly defaultText?: string;
  /** How the README shows a default the code computes instead (e.g. "generated and kept in DATA_DIR"). */
  readonly defaultNote?: string;
  /** Never echo the value (secrets): errors say only how long it was. */
  readonly secret?: boolean;
  /** Type-level only. */
  readonly always?: Always;
}

/** A set of variables: the configuration schema of one app. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fields of any value type
export type EnvSchema = Readonly<Record<string, EnvField<any>>>;

/** The value of a field: undefined only when it is optional and has no default. */
export type FieldValue<F> =
  F extends EnvField<infer T, infer Always> ? (Always extends true ? T : T | undefined) : never;

/** The parsed configuration of a schema. */
export type ConfigOf<S extends EnvSchema> = { readonly [K in keyof S]: FieldValue<S[K]> };

/** What the README says of a variable; `default` is the text used when it is unset. */
export interface FieldDoc {
  readonly description: string;
  readonly default?: string;
  readonly defaultNote?: string;
}

type Has<D extends FieldDoc> = D extends { default: string } ? true : false;

function field<T, D extends FieldDoc>(
  schema: z.ZodType<T, string>,
  expected: string,
  doc: D,
  secret = false,
): EnvField<T, Has<D>> {
  return {
    schema,
    expected,
    description: doc.description,
    ...(doc.default !== undefined ? { defaultText: doc.default } : {}),
    ...(doc.defaultNote !== undefined ? { defaultNote: doc.defaultNote } : {}),
    ...(secret ? { secret } : {}),
  };
}

const integerText = z
  .string()
  .regex(/^-?\d+$/)
  .transform(Number);

function urlWith(protocols: readonly string[]) {
  return z.string().refine((text) => {
    try {
      const url = new URL(text);
      return protocols.includes(url.protocol.slice(0, -1)) && url.hostname !== "";
    } catch {
      return false;
    }
  });
}

/** A TCP port to listen on (0 picks a free one). */
export function port<D extends FieldDoc>(doc: D) {
  return field(integerText.pipe(z.number().int().min(0).max(65535)), "an integer port from 0 to 65535", doc);
}

/** An integer within bounds (durations in milliseconds, intervals). */
export function integer<D extends FieldDoc>(bounds: { min: number; max: number }, doc: D) {
  return field(
    integerText.pipe(z.number().int().min(bounds.min).max(bounds.max)),
    `an integer from ${bounds.min} to ${bounds.max}`,
    doc,
  );
}

/** A decimal number within bounds (sampling ratios). */
export function decimal<D extends FieldDoc>(bounds: { min: number; max: number }, doc: D) {
  return field(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number)
      .pipe(z.number().min(bounds.min).max(bounds.max)),
    `a number from ${bounds.min} to ${bounds.max}`,
    doc,
  );
}

/** An address to bind: a host name or an IPv4/IPv6 address. */
export function host<D extends FieldDoc>(doc: D) {
  return field(
    z.string().regex(/^[A-Za-z0-9.:-]+$/),
    "a host name or IP address to bind (0.0.0.0 for every interface)",
    doc,
  );
}

/** The base URL of a service or an endpoint (http or https). */
export function httpUrl<D extends FieldDoc>(doc: D) {
  return field(urlWith(["http", "https"]), "an http:// or https:// URL", doc);
}

/** A PostgreSQL connection URL. */
export function postgresUrl<D extends FieldDoc>(doc: D) {
  return field(
    urlWith(["postgres", "postgresql"]),
    "a postgresql:// URL (postgresql://user:password@host:5432/database)",
    doc,
  );
}

/** A Redis connection URL. */
export function redisUrl<D extends FieldDoc>(doc: D) {
  return field(urlWith(["redis", "rediss"]), "a redis:// or rediss:// URL", doc);
}

/** An SMTP server URL (smtp:// or smtps://, user and password in it); never echoed, it may hold a password. */
export function smtpUrl<D extends FieldDoc>(doc: D) {
  return field(urlWith(["smtp", "smtps"]), "an smtp:// or smtps:// URL (smtps://user:password@host:465)", doc, true);
}

/** One of a fixed set of words. */
export function oneOf<const V extends readonly [string, ...string[]], D extends FieldDoc>(values: V, doc: D) {
  return field<V[number], D>(z.enum(values), `one of ${values.join(", ")}`, doc);
}

/** A comma-separated list of words from a fixed set. */
export function listOf<const V extends readonly [string, ...string[]], D extends FieldDoc>(values: V, doc: D) {
  const schema = z
    .string()
    .transform((text) => text.split(",").map((part) => part.trim()))
    .pipe(z.array(z.enum(values)).min(1));
  return field<V[number][], D>(schema, `a comma-separated list of ${values.join(", ")}`, doc);
}

/** A secret (signing keys): never echoed, at least `minLength` characters. */
export function secret<D extends FieldDoc>(minLength: number, doc: D) {
  return field(z.string().min(minLength), `at least ${minLength} characters`, doc, true);
}

/** Free text (names, versions, folders). */
export function text<D extends FieldDoc>(doc: D) {
  return field(z.string().min(1), "any text", doc);
}
