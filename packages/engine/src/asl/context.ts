/** JSON as ASL passes it between states. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The context object (`$$`) a state sees, as AWS documents it. */
export interface ContextObject {
  Execution: { Id: string; Input: Json; Name: string; RoleArn: string; StartTime: string; RedriveCount?: number };
  State: { EnteredTime: string; Name: string; RetryCount: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
  Map?: { Item: { Index: number; Value: Json } };
}
