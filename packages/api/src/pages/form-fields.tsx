import type { FieldErrors } from "./enrolment-form-check";

/*
 * Labelled inputs that show their errors right below them: the label names
 * the input (for=id), aria-invalid marks it and aria-describedby reads the
 * error (and hint) out with it.
 */

interface FieldBase {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  /** Marks the wrapper so a script can show or hide the field (data-field). */
  field?: string;
}

const describedBy = (name: string, messages: string[] | undefined, hint: string | undefined) =>
  [messages ? `${name}-error` : "", hint ? `${name}-hint` : ""].filter(Boolean).join(" ") || undefined;

function Messages({ name, messages }: { name: string; messages: string[] | undefined }) {
  if (!messages?.length) return null;
  return (
    <small id={`${name}-error`} class="field-error">
      {messages.join(" ")}
    </small>
  );
}

/** The label, the control, its hint and its errors, in that order. */
function Field(props: FieldBase & { messages: string[] | undefined; children: unknown }) {
  return (
    <div class="field" data-field={props.field}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.hint && <small id={`${props.name}-hint`}>{props.hint}</small>}
      <Messages name={props.name} messages={props.messages} />
    </div>
  );
}

/** The attributes naming a control and tying it to its hint and errors. */
const controlAttrs = (props: FieldBase, messages: string[] | undefined) => ({
  id: props.name,
  name: props.name,
  "aria-invalid": messages ? "true" : undefined,
  "aria-describedby": describedBy(props.name, messages, props.hint),
});

export function InputField(props: FieldBase & { value: string; type?: string; attrs?: Record<string, string | boolean | number> }) {
  const messages = props.errors?.get(props.name);
  return (
    <Field {...props} messages={messages}>
      <input {...controlAttrs(props, messages)} type={props.type ?? "text"} value={props.value} {...props.attrs} />
    </Field>
  );
}

export function TextareaField(props: FieldBase & { value: string; rows?: number; attrs?: Record<string, string | boolean | number> }) {
  const messages = props.errors?.get(props.name);
  return (
    <Field {...props} messages={messages}>
      <textarea {...controlAttrs(props, messages)} rows={props.rows ?? 6} {...props.attrs}>
        {props.value}
      </textarea>
    </Field>
  );
}

export function SelectField(props: FieldBase & { value: string; options: { value: string; label: string }[]; placeholder?: string; required?: boolean }) {
  const messages = props.errors?.get(props.name);
  return (
    <Field {...props} messages={messages}>
      <select {...controlAttrs(props, messages)} required={props.required}>
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Errors of a path that has no input of its own (e.g. `workers`, a whole row). */
export function FieldMessages({ name, errors }: { name: string; errors?: FieldErrors }) {
  return <Messages name={name} messages={errors?.get(name)} />;
}
