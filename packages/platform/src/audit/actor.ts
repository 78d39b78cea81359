/** Who makes a change, as the audit log names it, and the request it came with. */
export interface Actor {
  actor: string;
  requestId: string;
}
