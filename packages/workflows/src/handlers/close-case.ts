import { closeCase } from "../tasks/close-case";
import { taskHandler } from "./task-handler";

export const handler = taskHandler("CloseCase", closeCase);
