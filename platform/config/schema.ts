/**
 * The stack configuration schema: every `gitops-platform:*` key with its shape,
 * defaults and the rules one value (or one object) can break on its own. Rules
 * that span keys or depend on the environment live in relations.ts and
 * production.ts; index.ts runs them all in one pass.
 */
import * as os from "node:os";
import { z } from "zod";
import { ENVIRONMENTS } from "../layout";
import { versions } from "../versions";
import {
  CLOUDWATCH_RETENTION_DAYS,
  EBS_GP3_SIZE_MAX_GB,
  RDS_GP3_STORAGE_MAX_GB,
  RDS_GP3_STORAGE_MIN_GB,
  bucketNameProblem,
  tagCountProblem,
  tagKeyProblem,
  tagValueProblem,
} from "./aws-limits";
import { isCidrBlock, parseCidr } from "./ipv4";
import { QUANTITY, quantityValue } from "./quantity";
import { RESERVED_NAMESPACES, RESERVED_NAMESPACE_PREFIX, isReservedNamespace } from "./reserved-namespaces";

/** Adds `check`'s answer (what is expected) as a problem when the value breaks it. */
function rule<T>(check: (value: T) => string | undefined) {
  return (value: T, ctx: z.RefinementCtx) => {
    const expected = check(value);
    if (expected !== undefined) ctx.addIssue({ code: "custom", message: expected });
  };
}

/** Refuses a repeated `field` in a list, at the repeat. */
function unique<T>(field: keyof T & string, what: string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Set<unknown>();
    items.forEach((item, i) => {
      if (seen.has(item[field])) ctx.addIssue({ code: "custom", message: `${what} not already listed`, path: [i, field] });
      seen.add(item[field]);
    });
  };
}

/** Refuses `smaller > larger` (quantities or numbers), at `smaller`'s key. */
function notAbove<T, K extends keyof T & string>(smaller: K, larger: K, value: (v: T[K]) => number = Number) {
  return (object: T, ctx: z.RefinementCtx) => {
    if (value(object[smaller]) > value(object[larger]))
      ctx.addIssue({ code: "custom", message: `at most ${larger} (${String(object[larger])})`, path: [smaller] });
  };
}

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "a DNS label: lowercase letters, digits and '-', at most 63 characters");
/** A filesystem path; a leading `~/` means the user's home, as in a shell. */
const localPath = z
  .string()
  .min(1)
  .transform((p) => (p === "~" || p.startsWith("~/") ? os.homedir() + p.slice(1) : p));
const quantity = z.string().regex(QUANTITY, "a Kubernetes quantity such as 500m, 2 or 4Gi");
const tagsSchema = z
  .record(z.string().superRefine(rule(tagKeyProblem)), z.string().superRefine(rule(tagValueProblem)))
  .superRefine(rule(tagCountProblem));

function vpcBlockProblem(block: string): string | undefined {
  const parsed = parseCidr(block);
  if (!isCidrBlock(parsed)) return parsed.problem;
  return parsed.prefix < 16 || parsed.prefix > 20 ? "a CIDR block with a prefix length from /16 to /20" : undefined;
}

const networkSchema = z
  .object({
    /** VPC CIDR block, /16 to /20 (the subnet plan needs 6 more bits). */
    cidrBlock: z.string().default("10.0.0.0/16").superRefine(rule(vpcBlockProblem)),
    /** Number of availability zones (production needs 3). */
    availabilityZones: z.number().int().min(2).max(4).default(3),
    /** `per-az` NAT gateways survive an AZ outage; `single` is cheaper. */
    natGateways: z.enum(["per-az", "single"]).default("per-az"),
    /** Days VPC flow logs are kept in CloudWatch: one of the periods CloudWatch accepts, 0 for ever. */
    flowLogRetentionDays: z.number().int().default(90).superRefine(rule((days) =>
      CLOUDWATCH_RETENTION_DAYS.includes(days) ? undefined : `one of the retention periods CloudWatch accepts: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`)),
  })
  .strict();

const nodeGroupSchema = z
  .object({
    name: dnsLabel,
    instanceTypes: z.array(z.string().min(1)).min(1).default(["m6i.large"]),
    minSize: z.number().int().min(0),
    maxSize: z.number().int().min(1),
    desiredSize: z.number().int().min(0),
    diskSizeGb: z.number().int().min(20).max(EBS_GP3_SIZE_MAX_GB).default(50),
  })
  .strict()
  .superRefine(notAbove("minSize", "desiredSize"))
  .superRefine(notAbove("desiredSize", "maxSize"));

const eksClusterSchema = z
  .object({
    mode: z.literal("eks"),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "a Kubernetes minor version such as 1.33").default(versions.kubernetes),
    nodeGroups: z.array(nodeGroupSchema).min(1).superRefine(unique("name", "a node group name")),
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

const DATABASE_SHAPE = "a database object {name, instanceClass, allocatedStorageGb, ...}, or {enabled: false} for no database";

/** Whether a database value is exactly `{enabled: false}`: the stack says explicitly that it has none. */
function isDisabledDatabase(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 1 && (value as Record<string, unknown>).enabled === false;
}

const databaseSchema = z
  .object({
    /** Logical name; also names the Secrets Manager secret and the app's credentials Secret. */
    name: dnsLabel.default("app"),
    engineVersion: z.string().default(versions.postgres),
    instanceClass: z.string().startsWith("db.", "an RDS instance class such as db.t4g.medium").default("db.t4g.medium"),
    /** gp3 storage in GiB; RDS autoscales it up to maxAllocatedStorageGb. */
    allocatedStorageGb: z.number().int().min(RDS_GP3_STORAGE_MIN_GB).max(RDS_GP3_STORAGE_MAX_GB).default(50),
    maxAllocatedStorageGb: z.number().int().min(RDS_GP3_STORAGE_MIN_GB).max(RDS_GP3_STORAGE_MAX_GB).default(200),
    multiAz: z.boolean().default(true),
    deletionProtection: z.boolean().default(true),
    skipFinalSnapshot: z.boolean().default(false),
    backupRetentionDays: z.number().int().min(0).max(35).default(7),
  }, { error: (issue) => (issue.code === "invalid_type" ? DATABASE_SHAPE : undefined) })
  .strict()
  .superRefine((db, ctx) => {
    // An allocation beyond gp3's bounds is already refused; comparing with it would only repeat that.
    if (db.allocatedStorageGb <= RDS_GP3_STORAGE_MAX_GB && db.maxAllocatedStorageGb <= db.allocatedStorageGb)
      ctx.addIssue({ code: "custom", message: `more than allocatedStorageGb (${db.allocatedStorageGb}): storage autoscaling needs room to grow`, path: ["maxAllocatedStorageGb"] });
  });
const bucketSchema = z
  .object({
    /** Logical name; the physical name gets a stable 8-character suffix from the engine. */
    name: dnsLabel.superRefine(rule(bucketNameProblem)),
    /** Must stay true in production: all four public-access-block flags are set. */
    blockPublicAccess: z.boolean().default(true),
    /** Days after which noncurrent object versions expire. */
    noncurrentVersionExpirationDays: z.number().int().min(1).default(90),
    /** Days after which current objects move to STANDARD_IA; off when omitted. */
    transitionToInfrequentAccessDays: z.number().int().min(30).optional(),
    /** Days after which current objects expire; off when omitted. */
    expirationDays: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.transitionToInfrequentAccessDays !== undefined && b.expirationDays !== undefined && b.expirationDays <= b.transitionToInfrequentAccessDays)
      ctx.addIssue({
        code: "custom",
        message: `more than transitionToInfrequentAccessDays (${b.transitionToInfrequentAccessDays}): objects must move to STANDARD_IA before they expire`,
        path: ["expirationDays"],
      });
  });

const tenantSchema = z
  .object({
    /** The namespace app teams deploy into; Argo CD destinations must be one of these. */
    namespace: dnsLabel.superRefine(rule((ns) => isReservedNamespace(ns)
      ? `a namespace of the app team's own (${RESERVED_NAMESPACES.join(", ")} and ${RESERVED_NAMESPACE_PREFIX}* belong to the platform or Kubernetes)`
      : undefined)),
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
      .superRefine(notAbove("requestsCpu", "limitsCpu", quantityValue))
      .superRefine(notAbove("requestsMemory", "limitsMemory", quantityValue))
      .default({ requestsCpu: "4", requestsMemory: "8Gi", limitsCpu: "8", limitsMemory: "16Gi", pods: 50 }),
    limits: z
      .object({
        defaultRequestCpu: quantity.default("100m"),
        defaultRequestMemory: quantity.default("128Mi"),
        defaultLimitCpu: quantity.default("500m"),
        defaultLimitMemory: quantity.default("512Mi"),
      })
      .strict()
      .superRefine(notAbove("defaultRequestCpu", "defaultLimitCpu", quantityValue))
      .superRefine(notAbove("defaultRequestMemory", "defaultLimitMemory", quantityValue))
      .default({ defaultRequestCpu: "100m", defaultRequestMemory: "128Mi", defaultLimitCpu: "500m", defaultLimitMemory: "512Mi" }),
  })
  .strict();

const argocdSchema = z
  .object({
    /** Git repository Argo CD syncs from (this repository). */
    /** git:// is the lab's `git daemon`. */
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
    tags: tagsSchema.default({}),
    /** VPC settings; a VPC is created only when the stack needs one (see `usesAwsNetwork`). */
    network: networkSchema.default({ cidrBlock: "10.0.0.0/16", availabilityZones: 3, natGateways: "per-az", flowLogRetentionDays: 90 }),
    cluster: z.discriminatedUnion("mode", [eksClusterSchema, existingClusterSchema], { error: 'a cluster with mode "eks" or "existing"' }),
    /** A database object configures one; `{enabled: false}` or no key means none (production must say which). */
    database: z.preprocess((v) => (isDisabledDatabase(v) ? undefined : v), databaseSchema.optional()),
    buckets: z.array(bucketSchema).default([]).superRefine(unique("name", "a bucket name")),
    tenants: z.array(tenantSchema).min(1).superRefine(unique("namespace", "a namespace")),
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

/** The config keys Pulumi.yaml declares, in the order the schema lists them. */
export const CONFIG_KEYS = Object.keys(platformConfigSchema.shape) as ReadonlyArray<keyof PlatformConfig>;

/**
 * Whether the stack needs the VPC: for EKS and the database (buckets need no
 * network). Judges what is known, so it also serves a partly valid config.
 */
export function usesAwsNetwork(config: Pick<Partial<PlatformConfig>, "cluster" | "database">): boolean {
  return config.cluster?.mode === "eks" || config.database !== undefined;
}
