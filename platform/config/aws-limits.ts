/**
 * AWS naming rules and limits the platform's config can break, as pure checks.
 * Each check returns what is expected when a value breaks the rule, or
 * undefined when it is fine; the schema turns that into a problem naming the key.
 */

/**
 * Pulumi auto-names a bucket `<logical name>-<7 hex characters>`: the physical
 * name is 8 characters longer than the name in config.
 */
export const AUTO_NAME_SUFFIX_LENGTH = 8;
/** S3's limit on a bucket name. */
export const S3_BUCKET_NAME_MAX = 63;
const S3_RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const S3_RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

/**
 * A bucket's logical name: the physical name must fit S3's 63 characters after
 * the auto-name suffix, and neither end may use a prefix or suffix S3 reserves
 * (they apply to the name as written, so a later switch to explicit names stays valid).
 */
export function bucketNameProblem(name: string): string | undefined {
  const max = S3_BUCKET_NAME_MAX - AUTO_NAME_SUFFIX_LENGTH;
  if (name.length > max)
    return `at most ${max} characters (S3 allows ${S3_BUCKET_NAME_MAX} and Pulumi's auto-name adds ${AUTO_NAME_SUFFIX_LENGTH})`;
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `a name not starting with "${prefix}" (reserved by S3)`;
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `a name not ending with "${suffix}" (reserved by S3)`;
  return undefined;
}

export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
/** AWS allows 50 tags per resource; the platform adds up to 4 (environment, Name, two EKS subnet tags). */
export const USER_TAGS_MAX = 46;
/** Tag keys the platform sets itself; a user tag with the same key would be overwritten silently. */
export const PLATFORM_TAG_KEYS: readonly string[] = ["gitops-platform:environment", "Name"];

export function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > TAG_KEY_MAX) return `a tag key of 1 to ${TAG_KEY_MAX} characters`;
  if (key.toLowerCase().startsWith("aws:")) return 'a tag key not starting with "aws:" (reserved by AWS)';
  if (PLATFORM_TAG_KEYS.includes(key)) return `a tag key other than ${PLATFORM_TAG_KEYS.map((k) => `"${k}"`).join(" and ")} (set by the platform)`;
  return undefined;
}

export function tagCountProblem(tags: Readonly<Record<string, string>>): string | undefined {
  return Object.keys(tags).length > USER_TAGS_MAX ? `at most ${USER_TAGS_MAX} tags (AWS allows 50 per resource; the platform adds 4)` : undefined;
}

export function tagValueProblem(value: string): string | undefined {
  return value.length > TAG_VALUE_MAX ? `a tag value of at most ${TAG_VALUE_MAX} characters` : undefined;
}

/** The only retention periods CloudWatch Logs accepts, in days (0 keeps logs forever). */
export const CLOUDWATCH_RETENTION_DAYS: readonly number[] = [
  0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** RDS gp3 storage (what PostgresDatabase provisions), in GiB. */
export const RDS_GP3_STORAGE_MIN_GB = 20;
export const RDS_GP3_STORAGE_MAX_GB = 65_536;

/** EBS gp3 volumes (EKS managed node group disks), in GiB. */
export const EBS_GP3_SIZE_MAX_GB = 16_384;
