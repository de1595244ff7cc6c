import type { ServerTarget } from "./endpoint.ts";

/** One ensemble to watch, as configured. */
export interface EnsembleConfig {
  name: string;
  servers: ServerTarget[];
}
