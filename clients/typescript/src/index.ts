export * from "./control.js";
export * from "./decision.js";
export * from "./lease.js";
export * from "./errors.js";
