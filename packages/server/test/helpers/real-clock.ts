// The real clock lives with the Clock interface; tests import it from here for brevity.
export { realClock } from "../../src/collect/clock.ts";
