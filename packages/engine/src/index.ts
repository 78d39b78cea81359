export { startEngine, type Engine, type EngineOptions } from "./engine";
export { LambdaRegistry, type LambdaHandler, type LambdaContext } from "./runtime/lambdas";
export { defaultIdentity, arns, type EngineIdentity } from "./config";
export { engineTable, ENGINE_TABLE_NAME } from "./store/table";
