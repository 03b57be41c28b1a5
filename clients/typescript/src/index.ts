export * from "./control.js";
export * from "./decision.js";
export * from "./lease.js";
export * from "./errors.js";
export * from "./guard.js";
export * from "./http.js";
export * from "./sse.js";
export * from "./wire.js";
