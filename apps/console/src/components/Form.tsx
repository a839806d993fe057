import { useCallback, useState, type ReactNode } from "react";
import { ErrorNotice, Field, fieldErrorsOf } from "./common.js";

/**
 * Runs one API call of a form or a button at a time and keeps its refusal: `error` for
 * the notice, `errors` by field for the inputs. `run` answers whether the call succeeded.
 */
export function useApiCall() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    try {
      await work();
      setError(undefined);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { error, errors: fieldErrorsOf(error), busy, run };
}

/**
 * A labelled form of the console's grid: its fields, the API's refusal (beside the fields
 * it names, or as a notice when it names none, or always with `notice="always"`), a status
 * line, then the buttons (the submit button first), then what the form shows after them.
 */
export function FormPanel(props: {
  label: string;
  onSubmit: () => unknown;
  submitLabel: string;
  error: unknown;
  notice?: "always" | "without-field-errors";
  status?: ReactNode;
  buttons?: ReactNode;
  after?: ReactNode;
  children: ReactNode;
}) {
  const fieldErrors = Object.keys(fieldErrorsOf(props.error)).length > 0;
  const showNotice = props.notice === "always" || !fieldErrors;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit();
      }}
      aria-label={props.label}
      className="grid-form"
    >
      {props.children}
      {showNotice ? <ErrorNotice error={props.error} /> : null}
      {props.status}
      <div className="buttons">
        <button type="submit">{props.submitLabel}</button>
        {props.buttons}
      </div>
      {props.after}
    </form>
  );
}

/** One input of a form, named as the API names the field (so its 422 lands beside it). */
export interface FieldSpec<K extends string> {
  readonly name: K;
  readonly label: string;
  readonly type?: string;
  readonly required?: boolean;
  readonly multiline?: boolean;
  readonly placeholder?: string;
  readonly options?: readonly string[];
  readonly autoFocus?: boolean;
}

/** The typed values of a form's inputs, by field name, and a setter per field. */
export function useFormValues<K extends string>(initial: Readonly<Record<K, string>>) {
  const [values, setValues] = useState(initial);
  const set = useCallback((name: K, value: string) => setValues((v) => ({ ...v, [name]: value })), []);
  return { values, set, setValues };
}

/** The labelled inputs of `fields`, each with the API's error for its name. */
export function Fields<K extends string>(props: {
  fields: readonly FieldSpec<K>[];
  values: Readonly<Record<K, string>>;
  onChange: (name: K, value: string) => void;
  errors?: Readonly<Record<string, string>>;
}) {
  return (
    <>
      {props.fields.map((f) => (
        <Field
          key={f.name}
          {...f}
          value={props.values[f.name]}
          onChange={(value) => props.onChange(f.name, value)}
          error={props.errors?.[f.name]}
        />
      ))}
    </>
  );
}
