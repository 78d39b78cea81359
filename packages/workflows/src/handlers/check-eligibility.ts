import { taskHandler } from "./task-handler";

export const handler = taskHandler("CheckEligibility");
