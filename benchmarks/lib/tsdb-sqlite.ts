// SQLite as the alternative store format, measured on the same data as the zoosight blocks
// (sqlite3 CLI, page size 4096, after VACUUM): (a) the same compressed XOR chunks as BLOBs in a
// WITHOUT ROWID table keyed by (series, mint), with a series table of label JSON; (b) the plain
// relational layout, one row per sample (series, t, v) in a WITHOUT ROWID table.
import { execFileSync } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface SqliteInput {
  series: { labels: Readonly<Record<string, string>>; chunks: readonly { minT: number; maxT: number; count: number; bytes: Uint8Array }[]; samples: readonly { t: number; v: number }[] }[];
}

export interface SqliteSizes {
  chunkBlobs: number;
  rowPerSample: number;
}

const SQLITE = "/usr/bin/sqlite3";

export function sqliteAvailable(): boolean {
  return existsSync(SQLITE);
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function build(file: string, schema: string, rows: string[]): number {
  const sql = join(`${file}.sql`);
  writeFileSync(sql, `PRAGMA page_size=4096;\n${schema}\nBEGIN;\n${rows.join("\n")}\nCOMMIT;\nVACUUM;\n`);
  execFileSync(SQLITE, [file, `.read ${sql}`], { stdio: "ignore" });
  return statSync(file).size;
}

/** Bytes of each SQLite layout for `input`, built in `dir`. */
export function sqliteSizes(dir: string, input: SqliteInput): SqliteSizes {
  const series: string[] = [];
  const chunks: string[] = [];
  const samples: string[] = [];
  input.series.forEach((s, id) => {
    series.push(`INSERT INTO series VALUES (${id}, ${sqlString(JSON.stringify(s.labels))});`);
    for (const c of s.chunks) chunks.push(`INSERT INTO chunks VALUES (${id}, ${c.minT}, ${c.maxT}, ${c.count}, X'${Buffer.from(c.bytes).toString("hex")}');`);
    // values as REAL; the benchmark's values are finite, so SQL literals carry them exactly
    for (const x of s.samples) samples.push(`INSERT INTO samples VALUES (${id}, ${x.t}, ${x.v.toPrecision(17)});`);
  });
  const seriesTable = "CREATE TABLE series(id INTEGER PRIMARY KEY, labels TEXT NOT NULL UNIQUE);";
  return {
    chunkBlobs: build(
      join(dir, "chunks.sqlite"),
      `${seriesTable}\nCREATE TABLE chunks(series INTEGER NOT NULL, mint INTEGER NOT NULL, maxt INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series, mint)) WITHOUT ROWID;`,
      [...series, ...chunks],
    ),
    rowPerSample: build(
      join(dir, "samples.sqlite"),
      `${seriesTable}\nCREATE TABLE samples(series INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL, PRIMARY KEY (series, t)) WITHOUT ROWID;`,
      [...series, ...samples],
    ),
  };
}
