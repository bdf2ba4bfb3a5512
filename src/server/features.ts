/**
 * Migrator methods the admin uses when this build has them (compatibility, changelog). Each
 * is looked up at request time: a build without one answers 501 for its endpoint and says
 * so in its panel of the page.
 */
import type { Migrator } from "../index.js";

/** The optional methods, as the admin calls them. */
export interface OptionalFeatures {
  /** Whether `appVersion` runs on the database's current version (config `compatibility`). */
  compatibility?(appVersion?: string): Promise<unknown>;
  /** One migration's name, description, who applied it and when, and its SQL. */
  changelog?(version: string): Promise<unknown>;
}

export type FeatureName = keyof OptionalFeatures;

/** The method `name` bound to `migrator`, or undefined when this build has none. */
export function feature<K extends FeatureName>(
  migrator: Migrator,
  name: K,
): NonNullable<OptionalFeatures[K]> | undefined {
  const method = (migrator as unknown as OptionalFeatures)[name];
  return typeof method === "function"
    ? (method.bind(migrator) as NonNullable<OptionalFeatures[K]>)
    : undefined;
}
