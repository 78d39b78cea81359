import { openStep } from "../tasks/open-step";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("OpenStep", openStep);
