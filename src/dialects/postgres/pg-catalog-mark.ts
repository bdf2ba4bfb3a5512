/**
 * verify's trial transaction on PostgreSQL and PGlite: it begins with a mark of the catalogs, and
 * is kept only when, at its end, the catalogs hold exactly the rows they held then — over every
 * per-database catalog a snapshot's text can come from (pg_get_*def prints names from most).
 *
 * The mark (a transaction-local setting, so no catalog row is written for it) holds how many
 * catalog rows there are and the next transaction id, taken before the trial writes anything.
 * At the end the catalogs are row for row as at the mark when no row is newer than that id and
 * there are as many rows: a row written since (added, or a changed version) is newer; rows as
 * old as the mark can only have been removed, and with none newer an equal count means none
 * was. A catalog row version is never changed in place for what a snapshot reads (the in-place
 * updates — pg_class statistics and flags such as relhasindex, pg_index validity — touch columns
 * no snapshot reads), so the same rows mean the same snapshot. The converse does not hold (an
 * object dropped and made again is a new row): a trial not kept says nothing, and verify then
 * compares snapshots. Only tidemark's session writes in the throw-away database, so every write
 * after the mark has a newer id.
 */

/** Per-database catalogs present since PostgreSQL 12 (pg_statistic and large objects: data). */
const CATALOGS = [
  "pg_aggregate",
  "pg_am",
  "pg_amop",
  "pg_amproc",
  "pg_attrdef",
  "pg_attribute",
  "pg_cast",
  "pg_class",
  "pg_collation",
  "pg_constraint",
  "pg_conversion",
  "pg_default_acl",
  "pg_depend",
  "pg_description",
  "pg_enum",
  "pg_event_trigger",
  "pg_extension",
  "pg_foreign_data_wrapper",
  "pg_foreign_server",
  "pg_foreign_table",
  "pg_index",
  "pg_inherits",
  "pg_init_privs",
  "pg_language",
  "pg_namespace",
  "pg_opclass",
  "pg_operator",
  "pg_opfamily",
  "pg_partitioned_table",
  "pg_policy",
  "pg_proc",
  "pg_publication",
  "pg_publication_rel",
  "pg_range",
  "pg_rewrite",
  "pg_seclabel",
  "pg_sequence",
  "pg_statistic_ext",
  "pg_transform",
  "pg_trigger",
  "pg_ts_config",
  "pg_ts_config_map",
  "pg_ts_dict",
  "pg_ts_parser",
  "pg_ts_template",
  "pg_type",
  "pg_user_mapping",
];

/** Per catalog: its rows, and those written by a transaction as new as `xid` or newer. */
function counts(catalog: string, xid: string): string {
  return `SELECT count(*) AS n, count(*) FILTER (WHERE age(xmin) <= age(${xid})) AS fresh FROM pg_catalog.${catalog}`;
}

const SETTING = "tidemark.catalog_mark";

/** Begins the trial and marks the catalogs: `<catalog rows>:<next transaction id>`. */
export const PG_TRIAL_BEGIN_SQL = `BEGIN;
SELECT set_config('${SETTING}', (${CATALOGS.map((c) => `(SELECT count(*) FROM pg_catalog.${c})`).join(" + ")})::text
  || ':' || (txid_snapshot_xmax(txid_current_snapshot()) % 4294967296)::text, true)`;

/** Commits the trial if the catalogs are row for row as at its mark; raises (nothing committed) if not. */
export const PG_TRIAL_KEEP_SQL = `DO $tidemark$
DECLARE
  mark text[] := string_to_array(current_setting('${SETTING}'), ':');
  now record;
BEGIN
  SELECT sum(n) AS n, sum(fresh) AS fresh INTO now FROM (${CATALOGS.map((c) => counts(c, "mark[2]::xid")).join("\n    UNION ALL ")}) r;
  IF now.n <> mark[1]::numeric OR now.fresh <> 0 THEN
    RAISE EXCEPTION 'tidemark: the catalogs changed';
  END IF;
END
$tidemark$;
COMMIT`;
