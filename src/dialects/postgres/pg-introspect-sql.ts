/**
 * The catalog query of the PostgreSQL introspector: one select per object kind, sent together
 * as one statement returning one row with one text column `j`, a JSON object of arrays (parsed
 * the same way whatever the driver). It takes three parameters: $1 the schemas to read (JSON
 * array, or NULL for every non-system schema), $2 the tracking tables' bare names and $3 their
 * qualified names (JSON arrays). It runs with search_path = pg_catalog, so the server prints
 * every name that is not in pg_catalog schema-qualified (as pg_dump does), whatever the
 * session's search_path.
 */

/** pg_depend says that the object belongs to an extension. */
function ownedByExtension(catalog: string, oid: string): string {
  return `EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;
}

/**
 * nss: the schemas read. tracking: the tracking tables. rels: the tables, views, materialized
 * views and sequences read (not an extension's, not tracking tables nor their sequences).
 */
const SCOPE = `WITH nss AS (
  SELECT n.oid, n.nspname FROM pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
    AND ($1::jsonb IS NULL OR jsonb_exists($1::jsonb, n.nspname))
    AND NOT ${ownedByExtension("pg_namespace", "n.oid")}
), tracking AS (
  SELECT c.oid FROM pg_class c JOIN nss n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND (jsonb_exists($2::jsonb, c.relname) OR jsonb_exists($3::jsonb, n.nspname || '.' || c.relname))
), rels AS (
  SELECT c.oid, c.relname, c.relkind, n.nspname, n.nspname || '.' || c.relname AS key
  FROM pg_class c JOIN nss n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND c.oid NOT IN (SELECT oid FROM tracking)
    AND NOT ${ownedByExtension("pg_class", "c.oid")}
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
      AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjid IN (SELECT oid FROM tracking))
)`;

/** Attribute names of `attnums` (an int2 array expression) of relation `rel`, in array order. */
function attnames(attnums: string, rel: string): string {
  return `ARRAY(SELECT a.attname FROM unnest(${attnums}) WITH ORDINALITY k(n, o)
    JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.n ORDER BY k.o)`;
}

/**
 * An index's own column names, which PostgreSQL chose when it named the index (ChooseIndexColumnNames:
 * the column, or a name figured from an expression such as `lower`, or `expr`).
 */
function indexNameColumns(index: string): string {
  return `ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ${index} AND a.attnum > 0 ORDER BY a.attnum)`;
}

/** A collation's name as SQL, when it is not the type's default. */
const COLLATION = `CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
  (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
    ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
   FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END`;

/** The queries, by the snapshot list they feed. */
const SELECTS = {
  schemas: `SELECT n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment FROM nss n`,
  tables: `SELECT r.key AS name, r.nspname AS schema, obj_description(r.oid, 'pg_class') AS comment,
    c.relpersistence AS persistence,
    CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_by,
    CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
    c.relispartition AS is_partition,
    (SELECT string_agg(pn.nspname || '.' || pc.relname, ', ' ORDER BY i.inhseqno) FROM pg_inherits i
      JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE i.inhrelid = c.oid) AS parents
    FROM rels r JOIN pg_class c ON c.oid = r.oid WHERE r.relkind IN ('r', 'p')`,
  columns: `SELECT r.key AS rel, a.attnum AS num, a.attname AS name,
    format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
    pg_get_expr(ad.adbin, ad.adrelid) AS expr, a.attidentity AS identity, a.attgenerated AS generated,
    ${COLLATION} AS collation, col_description(a.attrelid, a.attnum) AS comment
    FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE r.relkind IN ('r', 'p', 'v', 'm')`,
  constraints: `SELECT r.key AS rel, r.relname, con.conname AS name, con.contype AS type,
    pg_get_constraintdef(con.oid) AS definition,
    ${attnames("con.conkey", "con.conrelid")} AS columns,
    (SELECT fn.nspname || '.' || fc.relname FROM pg_class fc JOIN pg_namespace fn ON fn.oid = fc.relnamespace
      WHERE fc.oid = con.confrelid) AS ref_table,
    ${attnames("con.confkey", "con.confrelid")} AS ref_columns,
    con.confupdtype AS on_update, con.confdeltype AS on_delete, con.confmatchtype AS match,
    con.condeferrable AS deferrable, con.condeferred AS deferred, con.convalidated AS validated,
    CASE WHEN con.contype IN ('p', 'u', 'x') THEN ${indexNameColumns("con.conindid")} END AS name_columns,
    obj_description(con.oid, 'pg_constraint') AS comment
    FROM rels r JOIN pg_constraint con ON con.conrelid = r.oid
    WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') AND con.conislocal AND con.conparentid = 0`,
  indexes: `SELECT r.key AS rel, r.relname, ic.relname AS name, am.amname AS method,
    i.indisunique AS "unique", pg_get_indexdef(i.indexrelid) AS definition,
    pg_get_expr(i.indpred, i.indrelid) AS "where",
    ARRAY(SELECT pg_get_indexdef(i.indexrelid, k.o::int, true)
      || CASE WHEN k.opt & 1 = 1 THEN ' DESC' ELSE '' END
      || CASE WHEN k.opt & 3 = 1 THEN ' NULLS LAST' WHEN k.opt & 3 = 2 THEN ' NULLS FIRST' ELSE '' END
      FROM unnest(i.indoption::int2[]) WITH ORDINALITY k(opt, o) ORDER BY k.o) AS columns,
    ${indexNameColumns("i.indexrelid")} AS name_columns,
    obj_description(i.indexrelid, 'pg_class') AS comment
    FROM rels r JOIN pg_index i ON i.indrelid = r.oid JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    WHERE r.relkind IN ('r', 'p', 'm')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
        AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))
      AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid)
      AND NOT ${ownedByExtension("pg_class", "i.indexrelid")}`,
  views: `SELECT r.key AS name, r.nspname AS schema, r.relkind = 'm' AS materialized,
    pg_get_viewdef(r.oid) AS definition, obj_description(r.oid, 'pg_class') AS comment
    FROM rels r WHERE r.relkind IN ('v', 'm')`,
  routines: `SELECT n.nspname AS schema, p.proname AS name, p.prokind AS kind,
    oidvectortypes(p.proargtypes) AS identity, pg_get_function_arguments(p.oid) AS arguments,
    pg_get_function_result(p.oid) AS returns, l.lanname AS language, p.prosrc AS body,
    CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS definition,
    ag.aggtransfn::regproc::text AS sfunc, format_type(ag.aggtranstype, NULL) AS stype,
    nullif(ag.aggfinalfn::regproc::text, '-') AS finalfunc,
    nullif(ag.aggcombinefn::regproc::text, '-') AS combinefunc, ag.agginitval AS initcond,
    obj_description(p.oid, 'pg_proc') AS comment
    FROM pg_proc p JOIN nss n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
    LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
    WHERE NOT ${ownedByExtension("pg_proc", "p.oid")}`,
  triggers: `SELECT r.key AS rel, tg.tgname AS name, tg.tgtype AS type,
    pg_get_triggerdef(tg.oid) AS definition, tg.tgenabled AS enabled,
    obj_description(tg.oid, 'pg_trigger') AS comment
    FROM rels r JOIN pg_trigger tg ON tg.tgrelid = r.oid
    WHERE NOT tg.tgisinternal AND tg.tgparentid = 0`,
  sequences: `SELECT r.key AS name, r.nspname AS schema, format_type(s.seqtypid, NULL) AS type,
    s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min,
    s.seqmax::text AS max, s.seqcycle AS cycle, s.seqcache::text AS cache,
    (SELECT tn.nspname || '.' || tc.relname || '.' || ta.attname FROM pg_depend d
      JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
      JOIN pg_attribute ta ON ta.attrelid = d.refobjid AND ta.attnum = d.refobjsubid
      WHERE d.classid = 'pg_class'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
        AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 LIMIT 1) AS owned_by,
    obj_description(r.oid, 'pg_class') AS comment
    FROM rels r JOIN pg_sequence s ON s.seqrelid = r.oid WHERE r.relkind = 'S'`,
  types: `SELECT n.nspname AS schema, n.nspname || '.' || t.typname AS name, t.typtype AS kind,
    ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
    format_type(t.typbasetype, t.typtypmod) AS base_type, t.typnotnull AS not_null, t.typdefault AS "default",
    ARRAY(SELECT 'CONSTRAINT ' || quote_ident(dc.conname) || ' ' || pg_get_constraintdef(dc.oid) FROM pg_constraint dc WHERE dc.contypid = t.oid
      AND dc.contype = 'c' ORDER BY dc.conname) AS checks,
    obj_description(t.oid, 'pg_type') AS comment
    FROM pg_type t JOIN nss n ON n.oid = t.typnamespace
    WHERE t.typtype IN ('e', 'd') AND NOT ${ownedByExtension("pg_type", "t.oid")}`,
  extensions: `SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`,
} as const;

/** The snapshot lists the catalog read returns. */
export type PgIntrospectList = keyof typeof SELECTS;

/**
 * The whole catalog read as one statement (one round trip, one snapshot of the catalogs, the
 * scope worked out once): one row, one text column `j`, a JSON object holding each list of
 * {@link SELECTS} as an array, and `serverVersion`.
 */
export const PG_INTROSPECT_SQL = `${SCOPE}
SELECT json_build_object(${Object.entries(SELECTS)
  .map(([list, select]) => `\n  '${list}', (SELECT coalesce(json_agg(x), '[]') FROM (${select}) x)`)
  .join(",")},
  'serverVersion', current_setting('server_version'))::text AS j`;
