import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { handlePromMeta } from "../../../src/api/prom-meta/handle-prom-meta.ts";
import { parseSelector } from "../../../src/api/prom-meta/selector.ts";
import { MemoryTsdb } from "../../../src/tsdb/tsdb.ts";

let server: http.Server;
let base = "";

before(async () => {
  const db = new MemoryTsdb();
  db.appendSample({ __name__: "zk_up", ensemble: "a", server: "h1:2181" }, 1_000_000, 1);
  db.appendSample({ __name__: "zk_up", ensemble: "b", server: "h2:2181" }, 2_000_000, 1);
  db.appendSample({ __name__: "zk_znodes", ensemble: "a", server: "h1:2181", odd: 'q"\\\n' }, 1_000_000, 7);
  const metadata = () => [
    { name: "zk_up", type: "gauge", help: "1 when the server answers" },
    { name: "zk_znodes", type: "gauge", help: "znodes" },
  ];
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    void handlePromMeta(req, res, url, { querier: db, metadata }).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((r) => server.close(() => r())));

async function get(path: string): Promise<{ status: number; body: { status: string; data?: unknown; errorType?: string; error?: string } }> {
  const res = await fetch(base + path);
  return { status: res.status, body: (await res.json()) as never };
}

describe("api > prom-meta", () => {
  it("/api/v1/series returns the label sets matching any match[] within start/end", async () => {
    const r = await get(`/api/v1/series?match[]=${encodeURIComponent('zk_up{ensemble=~"a|b"}')}&match[]=zk_znodes`);
    assert.equal(r.status, 200);
    assert.equal(r.body.status, "success");
    assert.equal((r.body.data as unknown[]).length, 3);
    const timed = await get(`/api/v1/series?match[]=zk_up&start=1500&end=2500`);
    assert.deepEqual(timed.body.data, [{ __name__: "zk_up", ensemble: "b", server: "h2:2181" }]);
    const rfc = await get(`/api/v1/series?match[]=zk_up&start=1970-01-01T00:25:00Z&end=1970-01-01T00:40:00.000Z`);
    assert.equal((rfc.body.data as unknown[]).length, 1);
  });

  it("/api/v1/labels and /api/v1/label/<name>/values list names and values", async () => {
    assert.deepEqual((await get("/api/v1/labels")).body.data, ["__name__", "ensemble", "odd", "server"]);
    assert.deepEqual((await get(`/api/v1/labels?match[]=zk_up`)).body.data, ["__name__", "ensemble", "server"]);
    assert.deepEqual((await get("/api/v1/label/__name__/values")).body.data, ["zk_up", "zk_znodes"]);
    assert.deepEqual((await get("/api/v1/label/odd/values")).body.data, ['q"\\\n']);
    assert.deepEqual((await get("/api/v1/label/ensemble/values?end=1500&limit=5")).body.data, ["a"]);
  });

  it("/api/v1/metadata returns type and help per metric", async () => {
    const r = await get("/api/v1/metadata?metric=zk_up");
    assert.deepEqual(r.body.data, { zk_up: [{ type: "gauge", help: "1 when the server answers", unit: "" }] });
    assert.equal(Object.keys((await get("/api/v1/metadata?limit=1")).body.data as object).length, 1);
  });

  it("answers bad matchers, times and names with bad_data 400", async () => {
    for (const path of [
      "/api/v1/series",
      `/api/v1/series?match[]=${encodeURIComponent("zk_up{")}`,
      `/api/v1/series?match[]=${encodeURIComponent('{a=""}')}`,
      `/api/v1/series?match[]=${encodeURIComponent('{a=~"("}')}`,
      "/api/v1/series?match[]=zk_up&start=yesterday",
      "/api/v1/series?match[]=zk_up&start=10&end=5",
      "/api/v1/labels?limit=-1",
      "/api/v1/label/not-a-name/values",
    ]) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.equal(r.body.status, "error");
      assert.equal(r.body.errorType, "bad_data", path);
      assert.ok(r.body.error && r.body.error.length > 0);
    }
  });

  it("parses selectors with every matcher kind and string escapes", () => {
    assert.deepEqual(parseSelector(` up { a = "x\\n" , b!='y', c=~\`z.*\`, d!~"\\u00e9" } `), [
      { name: "__name__", type: "=", value: "up" },
      { name: "a", type: "=", value: "x\n" },
      { name: "b", type: "!=", value: "y" },
      { name: "c", type: "=~", value: "z.*" },
      { name: "d", type: "!~", value: "é" },
    ]);
    assert.throws(() => parseSelector('up{a="x"'), /parse error/);
    assert.throws(() => parseSelector("up extra"), /1:4: parse error/);
  });
});
