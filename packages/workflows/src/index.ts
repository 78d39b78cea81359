export * from "./definitions";
export { tasks, type TaskName, type TaskContext, WORKFLOW_ACTOR } from "./tasks";
