/**
 * The routing tree: an alert descends depth-first and stops at the first matching child unless
 * that child has `continue: true`; a node none of whose children match handles the alert itself.
 */
import type { Labels } from "../../tsdb/types.ts";
import type { RouteConfig } from "../config/types.ts";
import { formatMatchers, matchesAll } from "../matcher.ts";

export interface Route {
  config: RouteConfig;
  /** Parent matchers joined with "/": the route part of a group key. */
  key: string;
  /** Position in the tree, e.g. "0.1" (unique even when matchers repeat). */
  id: string;
  children: Route[];
}

export function buildRoute(config: RouteConfig, parentKey = "", id = "0"): Route {
  const own = formatMatchers(config.matchers);
  const key = parentKey === "" ? own : `${parentKey}/${own}`;
  return { config, key, id, children: config.routes.map((c, i) => buildRoute(c, key, `${id}.${i}`)) };
}

/** Routes that handle these labels, in tree order. */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(route.config.matchers, labels)) return [];
  const out: Route[] = [];
  for (const child of route.children) {
    const m = matchRoutes(child, labels);
    out.push(...m);
    if (m.length > 0 && !child.config.continue) break;
  }
  return out.length > 0 ? out : [route];
}

/** The labels of `labels` this route groups by (all of them for '...'). */
export function groupLabels(route: Route, labels: Labels): Record<string, string> {
  const by = route.config.groupBy;
  const out: Record<string, string> = {};
  for (const n of (by ?? Object.keys(labels)).slice().sort()) if (labels[n] !== undefined) out[n] = labels[n]!;
  return out;
}

/** `<route key>:<group labels>` as in Alertmanager's webhook groupKey. */
export function groupKey(route: Route, gl: Record<string, string>): string {
  const body = Object.keys(gl)
    .sort()
    .map((n) => `${n}=${JSON.stringify(gl[n])}`)
    .join(", ");
  return `${route.key}:{${body}}`;
}
