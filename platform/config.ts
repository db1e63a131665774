/**
 * The stack configuration schema: every `gitops-platform:*` key, parsed once into
 * one typed object before any resource is registered.
 *
 * Errors name the key, the value and what was expected. Production refuses
 * settings that could lose or expose data instead of warning about them.
 */
import * as os from "node:os";
import { z } from "zod";
import { ENVIRONMENTS, PROJECT_NAME } from "./layout";
import { versions } from "./versions";

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label: lowercase letters, digits and '-', at most 63 characters");
const cidr = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, "an IPv4 CIDR block such as 10.0.0.0/16");
/** A filesystem path; a leading `~/` means the user's home, as in a shell. */
const localPath = z
  .string()
  .min(1)
  .transform((p) => (p === "~" || p.startsWith("~/") ? os.homedir() + p.slice(1) : p));
const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, "a Kubernetes quantity such as 500m, 2 or 4Gi");

const networkSchema = z
  .object({
    /** VPC CIDR block, /16 to /20 (the subnet plan needs 6 more bits). */
    cidrBlock: cidr.default("10.0.0.0/16").refine((c) => {
      const prefix = Number(c.split("/")[1]);
      return prefix >= 16 && prefix <= 20;
    }, "a CIDR block with a prefix length from /16 to /20"),
    /** Number of availability zones (production needs 3). */
    availabilityZones: z.number().int().min(2).max(4).default(3),
    /** `per-az` NAT gateways survive an AZ outage; `single` is cheaper. */
    natGateways: z.enum(["per-az", "single"]).default("per-az"),
    /** Days VPC flow logs are kept in CloudWatch. */
    flowLogRetentionDays: z.number().int().min(1).default(90),
  })
  .strict();

const nodeGroupSchema = z
  .object({
    name: dnsLabel,
    instanceTypes: z.array(z.string().min(1)).min(1).default(["m6i.large"]),
    minSize: z.number().int().min(0),
    maxSize: z.number().int().min(1),
    desiredSize: z.number().int().min(0),
    diskSizeGb: z.number().int().min(20).default(50),
  })
  .strict()
  .refine((g) => g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize, {
    message: "minSize <= desiredSize <= maxSize",
  });

const eksClusterSchema = z
  .object({
    mode: z.literal("eks"),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "a Kubernetes minor version such as 1.33").default(versions.kubernetes),
    nodeGroups: z.array(nodeGroupSchema).min(1),
    /** IAM principals granted cluster-admin through EKS access entries. */
    adminPrincipalArns: z.array(z.string().startsWith("arn:aws:iam::", "an IAM role or user ARN")).default([]),
    /** The API endpoint is private unless explicitly opened. */
    endpointPublicAccess: z.boolean().default(false),
  })
  .strict();

const existingClusterSchema = z
  .object({
    mode: z.literal("existing"),
    /** Path to a kubeconfig for a cluster the platform does not create ("bring your own cluster"). */
    kubeconfig: localPath,
    /** Context within the kubeconfig; its current context when omitted. */
    context: z.string().min(1).optional(),
    /**
     * Whether the cluster runs pods and controllers. The lab has no nodes: nothing ever
     * becomes ready and no Argo CD controller ever processes a finalizer. Default true.
     */
    runsWorkloads: z.boolean().default(true),
  })
  .strict();

const databaseSchema = z
  .object({
    /** Logical name; also names the Secrets Manager secret and the app's credentials Secret. */
    name: dnsLabel.default("app"),
    engineVersion: z.string().default(versions.postgres),
    instanceClass: z.string().startsWith("db.", "an RDS instance class such as db.t4g.medium").default("db.t4g.medium"),
    allocatedStorageGb: z.number().int().min(20).default(50),
    maxAllocatedStorageGb: z.number().int().min(20).default(200),
    multiAz: z.boolean().default(true),
    deletionProtection: z.boolean().default(true),
    skipFinalSnapshot: z.boolean().default(false),
    backupRetentionDays: z.number().int().min(0).max(35).default(7),
  })
  .strict();

const bucketSchema = z
  .object({
    /** Logical name; the physical name gets a stable suffix from the engine. */
    name: dnsLabel,
    /** Must stay true in production: all four public-access-block flags are set. */
    blockPublicAccess: z.boolean().default(true),
    /** Days after which noncurrent object versions expire. */
    noncurrentVersionExpirationDays: z.number().int().min(1).default(90),
    /** Days after which current objects move to STANDARD_IA; off when omitted. */
    transitionToInfrequentAccessDays: z.number().int().min(30).optional(),
    /** Days after which current objects expire; off when omitted. */
    expirationDays: z.number().int().min(1).optional(),
  })
  .strict();

const tenantSchema = z
  .object({
    /** The namespace app teams deploy into; Argo CD destinations must be one of these. */
    namespace: dnsLabel,
    team: dnsLabel,
    quota: z
      .object({
        requestsCpu: quantity.default("4"),
        requestsMemory: quantity.default("8Gi"),
        limitsCpu: quantity.default("8"),
        limitsMemory: quantity.default("16Gi"),
        pods: z.number().int().min(1).default(50),
      })
      .strict()
      .default({ requestsCpu: "4", requestsMemory: "8Gi", limitsCpu: "8", limitsMemory: "16Gi", pods: 50 }),
    limits: z
      .object({
        defaultRequestCpu: quantity.default("100m"),
        defaultRequestMemory: quantity.default("128Mi"),
        defaultLimitCpu: quantity.default("500m"),
        defaultLimitMemory: quantity.default("512Mi"),
      })
      .strict()
      .default({ defaultRequestCpu: "100m", defaultRequestMemory: "128Mi", defaultLimitCpu: "500m", defaultLimitMemory: "512Mi" }),
  })
  .strict();

const argocdSchema = z
  .object({
    /** Git repository Argo CD syncs from (this repository); git:// is the lab's `git daemon`. */
    repoUrl: z.string().regex(/^(https:\/\/|git@|ssh:\/\/|git:\/\/|file:\/\/)/, "an https://, ssh://, git@, git:// or file:// Git URL"),
    targetRevision: z.string().min(1).default("main"),
    /** `chart` installs the pinned argo-helm chart; `manifests` applies upstream install manifests from a local directory. */
    install: z.enum(["chart", "manifests"]).default("chart"),
    chartVersion: z.string().default(versions.argocdChart),
    /** Directory with Argo CD's upstream `manifests/` (CRDs and install.yaml), for `install: manifests`. */
    manifestsDir: localPath.optional(),
    /** Highly available Argo CD (replicated controllers, redis-ha). Defaults to true in production. */
    ha: z.boolean().optional(),
  })
  .strict()
  .refine((a) => a.install !== "manifests" || a.manifestsDir !== undefined, {
    message: "manifestsDir is required when install is 'manifests'",
    path: ["manifestsDir"],
  });

const secretsSchema = z
  .object({
    /** `none` installs no operator (the offline lab); production refuses it. */
    delivery: z.enum(["external-secrets", "sealed-secrets", "none"]).default("external-secrets"),
    externalSecretsChartVersion: z.string().default(versions.externalSecretsChart),
    sealedSecretsChartVersion: z.string().default(versions.sealedSecretsChart),
  })
  .strict();

const duration = z.string().regex(/^\d+[smh]$/, "a Prometheus duration such as 10m");
const monitoringSchema = z
  .object({
    outOfSyncFor: duration.default("10m"),
    degradedFor: duration.default("10m"),
    /** Install the PrometheusRules (needs the Prometheus Operator CRDs in the cluster). */
    prometheusRules: z.boolean().default(true),
    runbookBaseUrl: z.string().url().default("https://github.com/example-org/gitops-platform/blob/main/docs/runbooks"),
  })
  .strict();

/** The whole stack configuration, before environment-specific rules. */
export const platformConfigSchema = z
  .object({
    environment: z.enum(ENVIRONMENTS),
    tags: z.record(z.string(), z.string()).default({}),
    /** VPC settings; a VPC is created only when the stack needs one (see `usesAwsNetwork`). */
    network: networkSchema.default({ cidrBlock: "10.0.0.0/16", availabilityZones: 3, natGateways: "per-az", flowLogRetentionDays: 90 }),
    cluster: z.discriminatedUnion("mode", [eksClusterSchema, existingClusterSchema]),
    /** `{enabled: false}` (Pulumi.yaml's default) means no database; any other object configures one. */
    database: z.union([z.object({ enabled: z.literal(false) }).strict().transform(() => undefined), databaseSchema]).optional(),
    buckets: z.array(bucketSchema).default([]),
    tenants: z.array(tenantSchema).min(1),
    argocd: argocdSchema,
    secrets: secretsSchema.default({
      delivery: "external-secrets",
      externalSecretsChartVersion: versions.externalSecretsChart,
      sealedSecretsChartVersion: versions.sealedSecretsChart,
    }),
    monitoring: monitoringSchema.default({
      prometheusRules: true,
      outOfSyncFor: "10m",
      degradedFor: "10m",
      runbookBaseUrl: "https://github.com/example-org/gitops-platform/blob/main/docs/runbooks",
    }),
  })
  .strict();

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type EksClusterConfig = z.infer<typeof eksClusterSchema>;
export type ExistingClusterConfig = z.infer<typeof existingClusterSchema>;
export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type BucketConfig = z.infer<typeof bucketSchema>;
export type TenantConfig = z.infer<typeof tenantSchema>;
export type ArgoCdConfig = z.infer<typeof argocdSchema>;
export type SecretsConfig = z.infer<typeof secretsSchema>;
export type MonitoringConfig = z.infer<typeof monitoringSchema>;

/** One reason a configuration was refused. */
export interface ConfigProblem {
  /** Full Pulumi config key path, e.g. `gitops-platform:database.backupRetentionDays`. */
  readonly key: string;
  /** The offending value as written (secret values are never echoed; config here holds none). */
  readonly value: unknown;
  /** What is expected instead. */
  readonly expected: string;
}

/** Thrown when stack configuration is invalid; `problems` lists every reason at once. */
export class ConfigError extends Error {
  constructor(readonly stack: string, readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration for stack "${stack}":\n` +
        problems.map((p) => `  - ${p.key} = ${formatValue(p.value)}: expected ${p.expected}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function keyOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === undefined) return `${PROJECT_NAME}:(root)`;
  return `${PROJECT_NAME}:${head}` + rest.map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join("");
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function expectationOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `no unknown keys (found: ${issue.keys.join(", ")})`;
  if (issue.code === "invalid_type") return `a value of type ${issue.expected}`;
  if (issue.code === "invalid_value") return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_union") return "a cluster with mode \"eks\" or \"existing\"";
  if (issue.code === "too_small") return `at least ${issue.minimum}${issue.origin === "array" ? " item(s)" : ""}`;
  if (issue.code === "too_big") return `at most ${issue.maximum}`;
  return issue.message;
}

/**
 * The rules that make production safe, as data. Each returns a problem when the
 * parsed config breaks it. Staging and local may relax them.
 */
function productionProblems(config: PlatformConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const refuse = (key: string, value: unknown, expected: string) =>
    problems.push({ key: `${PROJECT_NAME}:${key}`, value, expected: `${expected} in production` });
  if (config.cluster.mode !== "eks") refuse("cluster.mode", config.cluster.mode, '"eks"');
  if (config.secrets.delivery === "none") refuse("secrets.delivery", config.secrets.delivery, '"external-secrets" or "sealed-secrets"');
  if (config.network.availabilityZones < 3)
    refuse("network.availabilityZones", config.network.availabilityZones, "at least 3");
  if (config.network.natGateways !== "per-az")
    refuse("network.natGateways", config.network.natGateways, '"per-az"');
  if (config.database) {
    const db = config.database;
    if (!db.deletionProtection) refuse("database.deletionProtection", db.deletionProtection, "true");
    if (db.skipFinalSnapshot) refuse("database.skipFinalSnapshot", db.skipFinalSnapshot, "false");
    if (db.backupRetentionDays < 7) refuse("database.backupRetentionDays", db.backupRetentionDays, "at least 7");
    if (!db.multiAz) refuse("database.multiAz", db.multiAz, "true");
  }
  config.buckets.forEach((b, i) => {
    if (!b.blockPublicAccess) refuse(`buckets[${i}].blockPublicAccess`, b.blockPublicAccess, "true");
  });
  return problems;
}

/** Rules for every environment: cross-field consistency the schema alone cannot express. */
function consistencyProblems(config: PlatformConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  config.tenants.forEach((t, i) => {
    if (seen.has(t.namespace))
      problems.push({ key: `${PROJECT_NAME}:tenants[${i}].namespace`, value: t.namespace, expected: "a namespace not already listed" });
    seen.add(t.namespace);
  });
  const bucketNames = new Set<string>();
  config.buckets.forEach((b, i) => {
    if (bucketNames.has(b.name))
      problems.push({ key: `${PROJECT_NAME}:buckets[${i}].name`, value: b.name, expected: "a bucket name not already listed" });
    bucketNames.add(b.name);
  });
  if (config.database && config.cluster.mode !== "eks")
    problems.push({ key: `${PROJECT_NAME}:database`, value: "(set)", expected: 'no database unless cluster.mode is "eks" (its security group admits the EKS nodes)' });
  if (config.cluster.mode === "existing" && config.secrets.delivery === "external-secrets")
    problems.push({
      key: `${PROJECT_NAME}:secrets.delivery`,
      value: config.secrets.delivery,
      expected: '"sealed-secrets" or "none" on an existing cluster (External Secrets needs the IRSA role of an EKS cluster)',
    });
  return problems;
}

/**
 * Parses raw stack configuration (key without the project prefix → value, as
 * `pulumi config --json` or `pulumi.Config` gives it). Throws ConfigError
 * listing every problem; returns a fully defaulted, typed config otherwise.
 */
export function parsePlatformConfig(stack: string, raw: Readonly<Record<string, unknown>>): PlatformConfig {
  const result = platformConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path;
      return { key: keyOf(path), value: valueAt(raw, path), expected: expectationOf(issue) };
    });
    throw new ConfigError(stack, problems);
  }
  const config = result.data;
  const problems = [...consistencyProblems(config), ...(config.environment === "production" ? productionProblems(config) : [])];
  if (problems.length > 0) throw new ConfigError(stack, problems);
  return config;
}

/** Whether the stack needs the VPC: for EKS and the database. Buckets need no network. */
export function usesAwsNetwork(config: PlatformConfig): boolean {
  return config.cluster.mode === "eks" || config.database !== undefined;
}

/** Whether Argo CD should run highly available: explicit config wins, production defaults to yes. */
export function argocdHighAvailability(config: PlatformConfig): boolean {
  return config.argocd.ha ?? config.environment === "production";
}

/** The config keys Pulumi.yaml declares, in the order the schema lists them. */
export const CONFIG_KEYS = Object.keys(platformConfigSchema.shape) as ReadonlyArray<keyof PlatformConfig>;
