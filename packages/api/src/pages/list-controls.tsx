/* The controls every paged, filtered list shares (cases, workers of a case, the outbox). */

/** Links back to the first page (when not on it) and on to the next (when there is one). */
export function Pager(props: { label: string; first?: { href: string; text: string }; next?: { href: string; text: string } }) {
  if (!props.first && !props.next) return null;
  return (
    <nav aria-label={props.label}>
      <ul>
        {props.first && (
          <li>
            <a href={props.first.href}>{props.first.text}</a>
          </li>
        )}
        {props.next && (
          <li>
            <a href={props.next.href}>{props.next.text}</a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** A labelled select of a GET filter form whose first option means "all". */
export function FilterSelect(props: { label: string; name: string; all: string; value?: string; options: { value: string; label: string }[] }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
