/**
 * A request the rules refuse, said in terms the API maps to API.md's error
 * shape (the platform knows nothing of HTTP): `invalid` 400, `forbidden` 403,
 * `not_found` 404, `conflict` 409, `gone` 410, `unprocessable` 422.
 */
export type RefusalKind = "invalid" | "forbidden" | "not_found" | "conflict" | "gone" | "unprocessable";

export class Refused extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    /** Which fields are wrong (`workers.3.nik`) when the input is at fault. */
    readonly fields?: { path: string; message: string }[],
    /** Extra facts for the client (e.g. the shortfall, the existing case). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
