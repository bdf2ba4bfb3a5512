/**
 * A fingerprint of a PostgreSQL (or PGlite) database's catalogs, for `verify` to tell cheaply
 * that a down left the schema exactly as it found it: one row per catalog row version
 * (catalog, ctid, xmin), hashed and summed, over every per-database catalog a snapshot's text
 * can come from (pg_get_*def prints names from most of them).
 *
 * A catalog row version is never changed in place for what a snapshot reads (the in-place
 * updates, of pg_class statistics and flags such as relhasindex and of pg_index validity, touch
 * columns no snapshot reads): a row changed, removed or added changes the set. So equal
 * fingerprints mean equal catalogs, hence equal snapshots. The converse does not hold (an object
 * dropped and made again is a new row version): different fingerprints say nothing, and the
 * snapshots must be compared.
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

/** One row, one text column `f`: the row count and two 64-bit hash sums (independent seeds). */
export const PG_FINGERPRINT_SQL = `SELECT count(*)::text || ':' || sum(hashtextextended(v, 0)::numeric)::text
  || ':' || sum(hashtextextended(v, 1)::numeric)::text AS f FROM (${CATALOGS.map(
    (c) => `SELECT '${c}' || ctid::text || xmin::text AS v FROM pg_catalog.${c}`,
  ).join("\n  UNION ALL ")}) rows`;
