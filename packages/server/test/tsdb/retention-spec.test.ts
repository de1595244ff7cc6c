import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseByteSize, parseDuration, RetentionSpecError } from "../../src/tsdb/retention-spec.ts";

describe("tsdb > retention spec", () => {
  it("parses Prometheus durations and sizes", () => {
    assert.equal(parseDuration("15d"), 15 * 86_400_000);
    assert.equal(parseDuration("1d12h"), 36 * 3_600_000);
    assert.equal(parseDuration("90m"), 5_400_000);
    assert.equal(parseDuration("500ms"), 500);
    assert.equal(parseByteSize("512MB"), 512 * 1024 ** 2);
    assert.equal(parseByteSize("1.5gb"), 1.5 * 1024 ** 3);
  });

  it("rejects what is not one", () => {
    for (const bad of ["", "15", "d", "-1d", "1.5d", "0s"]) assert.throws(() => parseDuration(bad), RetentionSpecError, bad);
    for (const bad of ["", "10", "MB", "-1MB", "0B", "1XB"]) assert.throws(() => parseByteSize(bad), RetentionSpecError, bad);
  });
});
