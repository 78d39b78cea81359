import { reserveBudget } from "../tasks/reserve-budget";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("ReserveBudget", reserveBudget);
