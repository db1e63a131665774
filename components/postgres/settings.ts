/**
 * Decisions about the RDS instance that do not need a provider: the parameter
 * group family, the password alphabet, and what a production instance must have.
 */
import type { DatabaseConfig } from "../../platform/config";

/** RDS parameter group family for an engine version ("17.4" → "postgres17"). */
export function parameterGroupFamily(engineVersion: string): string {
  const major = /^(\d+)(\.|$)/.exec(engineVersion)?.[1];
  if (!major) throw new Error(`database.engineVersion = "${engineVersion}": expected a PostgreSQL version such as 17.4`);
  return `postgres${major}`;
}

/** Characters RDS refuses in a master password are left out of the generated one. */
export const PASSWORD_SPECIALS = "!#$%^&*()-_=+[]{}<>:?";

/** The RDS settings derived from config: one place where data-safety flags are decided. */
export function instanceSettings(config: DatabaseConfig, finalSnapshotName: string) {
  return {
    multiAz: config.multiAz,
    deletionProtection: config.deletionProtection,
    skipFinalSnapshot: config.skipFinalSnapshot,
    finalSnapshotIdentifier: config.skipFinalSnapshot ? undefined : finalSnapshotName,
    backupRetentionPeriod: config.backupRetentionDays,
    copyTagsToSnapshot: true,
    storageEncrypted: true,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    iamDatabaseAuthenticationEnabled: true,
    performanceInsightsEnabled: true,
    allocatedStorage: config.allocatedStorageGb,
    maxAllocatedStorage: config.maxAllocatedStorageGb,
    instanceClass: config.instanceClass,
    engineVersion: config.engineVersion,
  };
}
