package io.eventgate.gateway.registry;

/**
 * Who changes the registry and why, written into its history with the version the change makes
 * ({@code registry_versions}, migration V10).
 *
 * @param author  the admin credential's name, or {@code seed}
 * @param comment null when none was given
 */
public record RegistryChange(String author, String comment) {

  /** The author of the version the history starts with, written by migration V10. */
  public static final String MIGRATION_AUTHOR = "migration";

  /** Start-up's seeding from {@code conf/registry.json}. */
  public static final RegistryChange SEED = new RegistryChange("seed", "records missing from conf/registry.json");

  /**
   * What a change did and the version it made: {@code version} is null when the registry was left as it was
   * (nothing to record).
   */
  public record Outcome<T>(T result, Long version) {
  }
}
