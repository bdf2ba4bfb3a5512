/**
 * Migration histories that look like real projects' (tables, columns, indexes, enums,
 * functions, views, triggers, data updates), generated rather than committed, with broken
 * downs planted where a test asks: the proof fixtures of `verify`.
 *
 * `postgres` histories use every PostgreSQL kind; `mysql` ones MariaDB's (tables, columns,
 * indexes, inline enums, functions, views, triggers, data); `sqlite` ones the kinds SQLite
 * has (tables, columns, indexes, views, triggers, data).
 */

/** A planted mistake, and what `verify` must say about it. */
export type Plant =
  | "wrong-enum" // down drops an older enum instead of its own → broken
  | "forgot-index" // down drops the column, forgets the index → broken
  | "left-view" // down drops the table, leaves its view → broken
  | "function-body" // up replaces a function body, down does not restore it → broken
  | "syntax-error" // down does not parse → down-failed
  | "view-depends"; // down drops a column a view of the same up still uses → down-failed

/** The outcome verify reports for each plant. */
export const PLANT_OUTCOME: Readonly<Record<Plant, "broken" | "down-failed">> = {
  "wrong-enum": "broken",
  "forgot-index": "broken",
  "left-view": "broken",
  "function-body": "broken",
  "syntax-error": "down-failed",
  "view-depends": "down-failed",
};

export interface History {
  /** File name → text (dbmate `-- migrate:up` / `-- migrate:down` sections). */
  readonly files: Record<string, string>;
  /** Version → the plant in it. */
  readonly planted: ReadonlyMap<string, Plant>;
  /** Versions with no down. */
  readonly irreversible: readonly string[];
}

export type HistoryEngine = "postgres" | "mysql" | "sqlite";

interface Step {
  readonly name: string;
  readonly up: string;
  /** null: irreversible (no down section). */
  readonly down: string | null;
}

/** What earlier steps made, for later ones to build on. */
interface Made {
  tables: string[];
  functions: string[];
  freeEnums: string[];
  /** Each function's current return expression, for a down that restores it. */
  bodies: Map<string, string>;
}

type Template = (k: number, made: Made) => Step | null;

const last = (xs: readonly string[]) => xs[xs.length - 1];

/** `CREATE OR REPLACE FUNCTION f(x integer)` returning `expression`. */
const fn = (f: string, expression: string) =>
  `CREATE OR REPLACE FUNCTION ${f}(x integer) RETURNS integer\nLANGUAGE plpgsql AS $$\nBEGIN\n  RETURN ${expression};\nEND;\n$$;`;

const PG_TEMPLATES: readonly Template[] = [
  (k, made) => {
    made.tables.push(`t${k}`);
    return {
      name: `create_t${k}`,
      up: `CREATE TABLE t${k} (\n  id serial PRIMARY KEY,\n  name text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);`,
      down: `DROP TABLE t${k};`,
    };
  },
  (k, made) => ({
    name: `add_note_${k}`,
    up: `ALTER TABLE ${last(made.tables)} ADD COLUMN note${k} varchar(80) DEFAULT 'none';`,
    down: `ALTER TABLE ${last(made.tables)} DROP COLUMN note${k};`,
  }),
  (k, made) => ({
    name: `index_${k}`,
    up: `CREATE INDEX ix${k} ON ${last(made.tables)} (lower(name)) WHERE name <> '';`,
    down: `DROP INDEX ix${k};`,
  }),
  (k, made) => {
    made.freeEnums.push(`level${k}`);
    return {
      name: `enum_${k}`,
      up: `CREATE TYPE level${k} AS ENUM ('low', 'high');\nALTER TABLE ${last(made.tables)} ADD COLUMN mood${k} level${k};\nCREATE TYPE spare${k} AS ENUM ('a', 'b');`,
      down: `ALTER TABLE ${last(made.tables)} DROP COLUMN mood${k};\nDROP TYPE level${k};\nDROP TYPE spare${k};`,
    };
  },
  (k, made) => {
    made.functions.push(`f${k}`);
    made.bodies.set(`f${k}`, `x + ${k}`);
    return {
      name: `function_${k}`,
      up: `CREATE FUNCTION f${k}(x integer) RETURNS integer\nLANGUAGE plpgsql AS $$\nBEGIN\n  RETURN x + ${k};\nEND;\n$$;`,
      down: `DROP FUNCTION f${k}(integer);`,
    };
  },
  (k, made) => ({
    name: `view_${k}`,
    up: `CREATE VIEW v${k} AS\n  SELECT id, upper(name) AS name FROM ${last(made.tables)} WHERE id > ${k};`,
    down: `DROP VIEW v${k};`,
  }),
  (k, made) => ({
    name: `trigger_${k}`,
    up: `CREATE FUNCTION touch${k}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.name := trim(NEW.name);\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER trg${k} BEFORE INSERT OR UPDATE ON ${last(made.tables)}\n  FOR EACH ROW EXECUTE FUNCTION touch${k}();`,
    down: `DROP TRIGGER trg${k} ON ${last(made.tables)};\nDROP FUNCTION touch${k}();`,
  }),
  (k, made) => ({
    name: `data_${k}`,
    up: `INSERT INTO ${last(made.tables)} (name) VALUES ('row ${k}'), ('  padded ${k} ');\nUPDATE ${last(made.tables)} SET name = upper(name) WHERE name LIKE 'row%';`,
    down: `DELETE FROM ${last(made.tables)} WHERE upper(name) = 'ROW ${k}' OR trim(name) = 'padded ${k}';`,
  }),
  (k, made) => {
    const f = last(made.functions);
    if (f === undefined) return null;
    const previous = made.bodies.get(f)!;
    made.bodies.set(f, `x * ${k}`);
    return {
      name: `replace_${f}_${k}`,
      up: fn(f, `x * ${k}`),
      down: fn(f, previous),
    };
  },
  (k, made) => ({
    name: `check_${k}`,
    up: `ALTER TABLE ${last(made.tables)} ADD CONSTRAINT ck${k} CHECK (length(name) < ${1000 + k});`,
    down: `ALTER TABLE ${last(made.tables)} DROP CONSTRAINT ck${k};`,
  }),
];

const SQLITE_TEMPLATES: readonly Template[] = [
  (k, made) => {
    made.tables.push(`t${k}`);
    return {
      name: `create_t${k}`,
      up: `CREATE TABLE t${k} (\n  id integer PRIMARY KEY,\n  name text NOT NULL,\n  created_at text NOT NULL DEFAULT CURRENT_TIMESTAMP\n);`,
      down: `DROP TABLE t${k};`,
    };
  },
  PG_TEMPLATES[1]!,
  (k, made) => ({
    name: `index_${k}`,
    up: `CREATE INDEX ix${k} ON ${last(made.tables)} (name);`,
    down: `DROP INDEX ix${k};`,
  }),
  (k, made) => ({
    name: `view_${k}`,
    up: `CREATE VIEW v${k} AS SELECT id, upper(name) AS name FROM ${last(made.tables)} WHERE id > ${k};`,
    down: `DROP VIEW v${k};`,
  }),
  (k, made) => ({
    name: `trigger_${k}`,
    up: `CREATE TRIGGER trg${k} AFTER INSERT ON ${last(made.tables)}\nBEGIN\n  UPDATE ${last(made.tables)} SET name = trim(name) WHERE id = NEW.id;\nEND;`,
    down: `DROP TRIGGER trg${k};`,
  }),
  PG_TEMPLATES[7]!,
];

const MYSQL_TEMPLATES: readonly Template[] = [
  (k, made) => {
    made.tables.push(`t${k}`);
    return {
      name: `create_t${k}`,
      up: `CREATE TABLE t${k} (\n  id int AUTO_INCREMENT PRIMARY KEY,\n  name varchar(100) NOT NULL,\n  created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP\n);`,
      down: `DROP TABLE t${k};`,
    };
  },
  PG_TEMPLATES[1]!,
  (k, made) => ({
    name: `index_${k}`,
    up: `CREATE INDEX ix${k} ON ${last(made.tables)} (name);`,
    down: `DROP INDEX ix${k} ON ${last(made.tables)};`,
  }),
  (k, made) => ({
    name: `enum_${k}`,
    up: `ALTER TABLE ${last(made.tables)} ADD COLUMN mood${k} ENUM('low', 'high') DEFAULT 'low';`,
    down: `ALTER TABLE ${last(made.tables)} DROP COLUMN mood${k};`,
  }),
  (k, made) => {
    made.functions.push(`f${k}`);
    made.bodies.set(`f${k}`, `x + ${k}`);
    return {
      name: `function_${k}`,
      up: myFn(`f${k}`, `x + ${k}`, "CREATE"),
      down: `DROP FUNCTION f${k};`,
    };
  },
  SQLITE_TEMPLATES[3]!,
  (k, made) => ({
    name: `trigger_${k}`,
    up: `CREATE TRIGGER trg${k} BEFORE INSERT ON ${last(made.tables)}\n  FOR EACH ROW SET NEW.name = TRIM(NEW.name);`,
    down: `DROP TRIGGER trg${k};`,
  }),
  PG_TEMPLATES[7]!,
  (k, made) => {
    const f = last(made.functions);
    if (f === undefined) return null;
    const previous = made.bodies.get(f)!;
    made.bodies.set(f, `x * ${k}`);
    return { name: `replace_${f}_${k}`, up: myFn(f, `x * ${k}`), down: myFn(f, previous) };
  },
];

const TEMPLATES: Readonly<Record<HistoryEngine, readonly Template[]>> = {
  postgres: PG_TEMPLATES,
  mysql: MYSQL_TEMPLATES,
  sqlite: SQLITE_TEMPLATES,
};

/** MariaDB's one-statement function (no DELIMITER needed). */
function myFn(f: string, expression: string, verb = "CREATE OR REPLACE"): string {
  return `${verb} FUNCTION ${f}(x int) RETURNS int DETERMINISTIC\nRETURN ${expression};`;
}

/** Plants for MariaDB, which has no enum types. */
export const MYSQL_PLANTS: readonly Plant[] = [
  "forgot-index",
  "left-view",
  "function-body",
  "syntax-error",
];

/** Plants for SQLite, which has no enums or functions. */
export const SQLITE_PLANTS: readonly Plant[] = ["forgot-index", "left-view", "syntax-error"];

function planted(plant: Plant, k: number, made: Made, engine: HistoryEngine): Step {
  const t = last(made.tables)!;
  switch (plant) {
    case "wrong-enum":
      return {
        name: `enum_priority_${k}`,
        up: `CREATE TYPE priority${k} AS ENUM ('p1', 'p2');`,
        down: `DROP TYPE ${last(made.freeEnums)!.replace("level", "spare")};`,
      };
    case "forgot-index":
      return {
        name: `score_${k}`,
        up: `ALTER TABLE ${t} ADD COLUMN score${k} integer;\nCREATE INDEX ix_score${k} ON ${t} (name, id);`,
        down: `ALTER TABLE ${t} DROP COLUMN score${k};`,
      };
    case "left-view":
      return {
        name: `report_${k}`,
        up: `CREATE TABLE r${k} (id integer PRIMARY KEY, total integer);\nCREATE VIEW rv${k} AS SELECT id, name FROM ${t};`,
        down: `DROP TABLE r${k};`,
      };
    case "function-body": {
      const f = last(made.functions)!;
      made.bodies.set(f, `x - ${k}`);
      const up = engine === "mysql" ? myFn(f, `x - ${k}`) : fn(f, `x - ${k}`);
      return { name: `tune_${f}_${k}`, up, down: "SELECT 1;" };
    }
    case "syntax-error":
      return {
        name: `audit_${k}`,
        up: `CREATE TABLE audit${k} (id integer PRIMARY KEY, what text);`,
        down: `DROP TABEL audit${k};`,
      };
    case "view-depends":
      return {
        name: `email_${k}`,
        up: `ALTER TABLE ${t} ADD COLUMN email${k} text;\nCREATE VIEW ev${k} AS SELECT id, email${k} FROM ${t};`,
        down: `ALTER TABLE ${t} DROP COLUMN email${k};\nDROP VIEW ev${k};`,
      };
  }
  throw new Error(`no plant ${plant satisfies never} for ${engine}`);
}

/**
 * `count` migrations, versions 001…; `plants` are placed evenly from `firstPlant` (default 12:
 * by then every kind exists to build on), and one data backfill without a down (version 011)
 * is added when `irreversible` is set.
 */
export function generateHistory(
  engine: HistoryEngine,
  count: number,
  plants: readonly Plant[] = [],
  options: { readonly irreversible?: boolean; readonly firstPlant?: number } = {},
): History {
  const templates = TEMPLATES[engine];
  const made: Made = { tables: [], functions: [], freeEnums: [], bodies: new Map() };
  const files: Record<string, string> = {};
  const plantedAt = new Map<string, Plant>();
  const irreversible: string[] = [];
  const first = options.firstPlant ?? 12;
  const gap = Math.max(1, Math.floor((count - first) / Math.max(1, plants.length)));
  const plantAt = new Map(plants.map((p, i) => [first + i * gap, p]));
  const backfillAt = options.irreversible ? 11 : -1;
  let t = 0;
  for (let k = 1; k <= count; k++) {
    const version = String(k).padStart(3, "0");
    const plant = plantAt.get(k);
    let step: Step | null;
    if (plant !== undefined) {
      step = planted(plant, k, made, engine);
      plantedAt.set(version, plant);
    } else if (k === backfillAt) {
      step = {
        name: `backfill_${k}`,
        up: `UPDATE ${last(made.tables)} SET name = name;`,
        down: null,
      };
      irreversible.push(version);
    } else {
      do step = templates[t++ % templates.length]!(k, made);
      while (step === null);
    }
    const down = step.down === null ? "" : `\n-- migrate:down\n${step.down}\n`;
    files[`${version}_${step.name}.sql`] = `-- migrate:up\n${step.up}\n${down}`;
  }
  return { files, planted: plantedAt, irreversible };
}
