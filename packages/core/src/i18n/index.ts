export { id, type Messages } from "./id";
