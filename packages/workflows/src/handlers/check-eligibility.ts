import { checkEligibility } from "../tasks/check-eligibility";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("CheckEligibility", checkEligibility);
