import { completeDeathClaim } from "../tasks/complete-death-claim";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("CompleteDeathClaim", completeDeathClaim);
