/**
 * The secret configuration values the integration tests give their stacks.
 * Shared with the golden tests: none of them may appear in any output, recorded
 * fixture or golden file.
 */
export const DB_PASSWORD = "db-Pw-integration-91f3c7e2";
export const ROTATED_DB_PASSWORD = "db-Pw-rotated-5d20a8b4";
export const CONFIG_SECRETS = [DB_PASSWORD, ROTATED_DB_PASSWORD] as const;
