/** Where the engine pretends to run: ARNs carry this region and account. */
export interface EngineIdentity {
  region: string;
  accountId: string;
}

export const defaultIdentity: EngineIdentity = { region: "ap-southeast-3", accountId: "000000000000" };

export const arns = {
  stateMachine: (id: EngineIdentity, name: string) => `arn:aws:states:${id.region}:${id.accountId}:stateMachine:${name}`,
  activity: (id: EngineIdentity, name: string) => `arn:aws:states:${id.region}:${id.accountId}:activity:${name}`,
  execution: (id: EngineIdentity, stateMachineName: string, name: string) =>
    `arn:aws:states:${id.region}:${id.accountId}:execution:${stateMachineName}:${name}`,
};
