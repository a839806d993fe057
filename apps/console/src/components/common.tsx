import { useCallback, useEffect, useId, useState, type ReactNode } from "react";
import { ApiError } from "../api.js";

/** What a form's submit handler uses of the event. */
export interface Submit {
  preventDefault(): void;
}

/** A failure as the API words it, announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  return (
    <div role="alert" className="notice error">
      <strong>{e ? e.detail : error instanceof Error ? error.message : "Unexpected error"}</strong>
      {e && e.detail !== e.code ? (
        <span className="code">
          {" "}
          ({e.code}, HTTP {e.status})
        </span>
      ) : null}
      {e && e.fieldErrors.length > 0 ? (
        <ul>
          {e.fieldErrors.map((f) => (
            <li key={f.field + f.message}>
              {f.field}: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A success message, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice ok">
      {children}
    </div>
  );
}

/** A labelled input; `error` is shown under it and tied to it for assistive technology. */
export function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: string;
  error?: string;
  required?: boolean;
  multiline?: boolean;
  placeholder?: string;
  name?: string;
  /** Focus it when it appears (an editor opened on a saved item). */
  autoFocus?: boolean;
  options?: readonly string[];
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const common = {
    id,
    name: props.name,
    value: props.value,
    required: props.required,
    placeholder: props.placeholder,
    autoFocus: props.autoFocus,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": props.error ? errorId : undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.options ? (
        <select {...common} onChange={(e) => props.onChange(e.target.value)}>
          {props.options.map((o) => (
            <option key={o} value={o}>
              {o || "(any)"}
            </option>
          ))}
        </select>
      ) : props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} spellCheck={false} />
      ) : (
        <input {...common} type={props.type ?? "text"} onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.error ? (
        <div id={errorId} className="field-error" role="alert">
          {props.error}
        </div>
      ) : null}
    </div>
  );
}

/** Loads data once and on `reload()`; `error` holds the API's refusal. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await run());
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}

/** Field errors of a 422 answer, by field name. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries(error.fieldErrors.map((f) => [f.field, f.message]));
}

export const money = (usd: number | null | undefined) =>
  usd === null || usd === undefined
    ? "—"
    : `$${usd.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : "—");
