import type { MigrationContext } from "tidemark";

/** A code migration: seeds one organiser and one trip, with parameterised SQL. */
export async function up(ctx: MigrationContext): Promise<void> {
  await ctx.sql`INSERT INTO users (id, email, full_name) VALUES (${1}, ${"organiser@example.com"}, ${"Ada Organiser"})`;
  await ctx.sql`INSERT INTO trips (id, organiser_id, title, starts_on, ends_on, capacity)
                VALUES (${1}, ${1}, ${"Lake weekend"}, ${"2025-06-06"}, ${"2025-06-08"}, ${12})`;
  ctx.log("seeded 1 user and 1 trip");
}

export async function down(ctx: MigrationContext): Promise<void> {
  await ctx.sql`DELETE FROM trips WHERE id = ${1}`;
  await ctx.sql`DELETE FROM users WHERE id = ${1}`;
}
