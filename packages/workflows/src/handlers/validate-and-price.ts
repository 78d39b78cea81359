import { validateAndPrice } from "../tasks/validate-and-price";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("ValidateAndPrice", validateAndPrice);
