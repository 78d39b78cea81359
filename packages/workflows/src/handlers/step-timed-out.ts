import { stepTimedOut } from "../tasks/step-timed-out";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("StepTimedOut", stepTimedOut);
