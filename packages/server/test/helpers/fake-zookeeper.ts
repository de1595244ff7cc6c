// A fake ZooKeeper server (four-letter words only) answering with fixtures of a real 3.8 server.
import type { FakeServer } from "./fake-endpoints.ts";
import { fakeFourLetterServer } from "./fake-endpoints.ts";
import { fixture } from "./fixtures.ts";

export function fakeZooKeeper(role: "leader" | "follower"): Promise<FakeServer> {
  const answers: Record<string, string> = {
    mntr: fixture(`zk-3.8/${role}-mntr.txt`),
    srvr: fixture(`zk-3.8/${role}-srvr.txt`),
    ruok: "imok",
    isro: "rw",
  };
  return fakeFourLetterServer((cmd) => ({
    kind: "reply",
    text: answers[cmd] ?? `${cmd} is not executed because it is not in the whitelist.\n`,
  }));
}
