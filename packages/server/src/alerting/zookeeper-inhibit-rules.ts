/**
 * The inhibition zoosight applies when zoosight.yaml has `route`/`receivers` but no `inhibit_rules`
 * key: a lost quorum is one page, not one per server. While ZooKeeperQuorumLost fires for an
 * ensemble, that ensemble's per-server alerts (scope="server": down, not serving, ...) and
 * ZooKeeperNoLeader (implied by the lost quorum) are inhibited. Any `inhibit_rules` key, even an
 * empty list, replaces these defaults.
 */
import type { InhibitRuleConfig } from "./config/types.ts";
import { matcher } from "./matcher.ts";

/** The defaults as zoosight.yaml would write them (README, /api/v2/status). */
export function zookeeperInhibitRules(): InhibitRuleConfig[] {
  const quorumLost = [matcher("alertname", "=", "ZooKeeperQuorumLost")];
  return [
    { sourceMatchers: quorumLost, targetMatchers: [matcher("scope", "=", "server")], equal: ["ensemble"] },
    { sourceMatchers: quorumLost, targetMatchers: [matcher("alertname", "=", "ZooKeeperNoLeader")], equal: ["ensemble"] },
  ];
}
