// The error catalogue: every ZooKeeper code has a unique id, class name and message, and errorFromCode maps it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AbortedError,
  ClientClosedError,
  ConnectionLossError,
  ConnectTimeoutError,
  errorFromCode,
  InvalidArgumentError,
  MultiError,
  OperationTimeoutError,
  ProtocolError,
  RequestTooLargeError,
  SessionExpiredError,
  ZooKeeperClientError,
  ZooKeeperError,
} from "../src/errors.ts";
import { ERROR_CODES, errorCodeInfo, ZK_CODES } from "../src/protocol/error-codes.ts";

// KeeperException.Code of ZooKeeper 3.9.
const KEEPER_CODES = [0, -1, -2, -3, -4, -5, -6, -7, -8, -12, -13, -14, -100, -101, -102, -103, -108, -110, -111, -112, -113, -114, -115, -118, -119, -120, -121, -122, -123, -124, -125, -127];

describe("error catalogue", () => {
  it("has every KeeperException code", () => {
    assert.deepEqual([...ERROR_CODES.keys()].sort((a, b) => a - b), [...KEEPER_CODES].sort((a, b) => a - b));
  });

  it("gives each code a unique id, class name and message", () => {
    const infos = [...ERROR_CODES.values()];
    for (const field of ["id", "name", "message"] as const) {
      const values = infos.map((i) => i[field]);
      assert.equal(new Set(values).size, values.length, `${field} not unique: ${values}`);
    }
    for (const info of infos) {
      assert.match(info.id, /^[A-Z][A-Z_]*[A-Z]$/);
      assert.match(info.name, /^[A-Z][A-Za-z]*Error$/);
      // NO_NODE → NoNodeError; MARSHALLING_ERROR → MarshallingError (no doubled suffix).
      assert.equal(info.name.toLowerCase(), `${info.id.replace(/_ERROR$/, "").replaceAll("_", "")}error`.toLowerCase());
      assert.ok(info.message.length > 0);
      assert.equal(ZK_CODES[info.id as keyof typeof ZK_CODES], info.code);
    }
  });

  it("names the usual ones as ZooKeeper users know them", () => {
    assert.equal(errorCodeInfo(-101).name, "NoNodeError");
    assert.equal(errorCodeInfo(-110).name, "NodeExistsError");
    assert.equal(errorCodeInfo(-103).name, "BadVersionError");
    assert.equal(errorCodeInfo(-4).name, "ConnectionLossError");
    assert.equal(errorCodeInfo(-119).name, "NotReadonlyError");
    assert.deepEqual(
      [...ERROR_CODES.values()].filter((i) => i.retriable).map((i) => i.id).sort(),
      ["CONNECTION_LOSS", "OPERATION_TIMEOUT", "RECONFIG_IN_PROGRESS", "REQUEST_TIMEOUT", "SESSION_MOVED", "THROTTLED_OP"],
    );
  });

  it("errorFromCode maps every code to a typed error with context", () => {
    for (const info of ERROR_CODES.values()) {
      if (info.code === 0) continue;
      const e = errorFromCode(info.code, { op: "getData", path: "/p", server: "127.0.0.1:2181" });
      assert.ok(e instanceof ZooKeeperError && e instanceof ZooKeeperClientError && e instanceof Error);
      assert.equal(e.name, info.name);
      assert.equal(e.code, info.id);
      assert.equal(e.zkCode, info.code);
      assert.equal(e.retriable, info.retriable);
      assert.equal(e.op, "getData");
      assert.equal(e.path, "/p");
      assert.equal(e.server, "127.0.0.1:2181");
      assert.ok(e.message.startsWith(info.message), e.message);
      assert.match(e.message, /\(getData \/p server 127\.0\.0\.1:2181\)$/);
    }
    assert.ok(errorFromCode(-4) instanceof ConnectionLossError);
    assert.ok(errorFromCode(-112) instanceof SessionExpiredError);
  });

  it("maps an unknown code to UnknownError, keeping the number", () => {
    const e = errorFromCode(-999);
    assert.equal(e.name, "UnknownError");
    assert.equal(e.code, "UNKNOWN");
    assert.equal(e.zkCode, -999);
    assert.match(e.message, /-999/);
  });

  it("client-side errors have stable names, codes and retriable flags", () => {
    const cases: [ZooKeeperClientError, string, string, boolean][] = [
      [new ProtocolError("bad"), "ProtocolError", "PROTOCOL_ERROR", true],
      [new InvalidArgumentError("bad"), "InvalidArgumentError", "INVALID_ARGUMENT", false],
      [new RequestTooLargeError(10, 5), "RequestTooLargeError", "REQUEST_TOO_LARGE", false],
      [new AbortedError(), "AbortedError", "ABORTED", false],
      [new ClientClosedError(), "ClientClosedError", "CLIENT_CLOSED", false],
      [new ConnectTimeoutError("slow"), "ConnectTimeoutError", "CONNECT_TIMEOUT", true],
      [new OperationTimeoutError(5), "OperationTimeoutError", "OPERATION_TIMEOUT", true],
      [new ConnectionLossError(), "ConnectionLossError", "CONNECTION_LOSS", true],
      [new SessionExpiredError(), "SessionExpiredError", "SESSION_EXPIRED", false],
    ];
    for (const [e, name, code, retriable] of cases) {
      assert.equal(e.name, name);
      assert.equal(e.code, code);
      assert.equal(e.retriable, retriable);
      assert.ok(e instanceof ZooKeeperClientError);
    }
    assert.match(new OperationTimeoutError(250).message, /after 250 ms/);
    assert.match(new RequestTooLargeError(2000000, 1048575).message, /2000000 bytes exceeds jute\.maxbuffer \(1048575 bytes\)/);
    const cause = new Error("root");
    assert.equal(new ConnectionLossError({ cause }).cause, cause);
  });

  it("MultiError carries the failing index and every result", () => {
    const results = [{ type: "error", code: 0 }, { type: "error", code: -101 }, { type: "error", code: -2 }];
    const e = new MultiError(-101, 1, results, { op: "multi", path: "/x" });
    assert.equal(e.name, "NoNodeError");
    assert.equal(e.code, "NO_NODE");
    assert.equal(e.failedIndex, 1);
    assert.equal(e.results, results);
    assert.match(e.message, /^multi op #1 failed: node does not exist/);
    assert.ok(e instanceof ZooKeeperError);
  });
});
