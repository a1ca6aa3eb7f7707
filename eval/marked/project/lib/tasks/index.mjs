export * from "./git.mjs";
export { CLEAN as RESET } from "../commands.js";
