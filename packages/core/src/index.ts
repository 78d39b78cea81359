export * from "./calendar";
export * from "./money";
export * from "./time";
export * from "./nik";
export * from "./rates";
export * from "./opds";
export * from "./roles";
export * from "./ids";
