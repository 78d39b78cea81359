import { activateCoverage } from "../tasks/activate-coverage";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("ActivateCoverage", activateCoverage);
