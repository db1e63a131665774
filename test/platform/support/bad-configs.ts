/**
 * Configurations a new user might write that cannot work, each with the problem
 * line it must produce; applied to Pulumi.staging.yaml. Shared by the parser
 * tests and the whole-program tests (which check nothing registers).
 */
/** An edit of a stack file's config, keys without the project prefix. */
export type Edit = (c: Record<string, any>) => void;

export const refused: [string, Edit, string][] = [
  // Reserved namespaces.
  ["kube-system as a tenant", (c) => (c.tenants[0].namespace = "kube-system"), 'tenants[0].namespace = "kube-system": expected a namespace of the app team\'s own (default, argocd, external-secrets, kube-system and kube-* belong to the platform or Kubernetes)'],
  ["kube-public as a tenant", (c) => (c.tenants[0].namespace = "kube-public"), 'tenants[0].namespace = "kube-public": expected a namespace of the app team\'s own'],
  ["default as a tenant", (c) => (c.tenants[0].namespace = "default"), 'tenants[0].namespace = "default": expected a namespace of the app team\'s own'],
  ["argocd as a tenant", (c) => c.tenants.push({ namespace: "argocd", team: "x" }), 'tenants[1].namespace = "argocd": expected a namespace of the app team\'s own'],
  ["external-secrets as a tenant", (c) => (c.tenants[0].namespace = "external-secrets"), 'tenants[0].namespace = "external-secrets": expected a namespace of the app team\'s own'],
  // CIDR blocks.
  ["an octet above 255", (c) => (c.network.cidrBlock = "999.20.0.0/16"), 'network.cidrBlock = "999.20.0.0/16": expected an IPv4 CIDR block whose four numbers are 0-255'],
  ["host bits set", (c) => (c.network.cidrBlock = "10.20.0.1/16"), 'network.cidrBlock = "10.20.0.1/16": expected a network address without host bits (did you mean 10.20.0.0/16?)'],
  ["a prefix above 32", (c) => (c.network.cidrBlock = "10.20.0.0/33"), 'network.cidrBlock = "10.20.0.0/33": expected an IPv4 CIDR block with a prefix length of at most /32'],
  ["not a CIDR block", (c) => (c.network.cidrBlock = "10.20.0.0"), 'network.cidrBlock = "10.20.0.0": expected an IPv4 CIDR block such as 10.0.0.0/16'],
  ["a block too large for the plan", (c) => (c.network.cidrBlock = "10.0.0.0/8"), 'network.cidrBlock = "10.0.0.0/8": expected a CIDR block with a prefix length from /16 to /20'],
  ["a block too small for the plan", (c) => (c.network.cidrBlock = "10.0.0.0/21"), 'network.cidrBlock = "10.0.0.0/21": expected a CIDR block with a prefix length from /16 to /20'],
  // S3 bucket names.
  ["a bucket name the auto-name suffix takes past 63", (c) => (c.buckets[0].name = "a".repeat(56)), `buckets[0].name = "${"a".repeat(56)}": expected at most 55 characters (S3 allows 63 and Pulumi's auto-name adds 8)`],
  ["a 60-character bucket name", (c) => (c.buckets[0].name = "b".repeat(60)), `buckets[0].name = "${"b".repeat(60)}": expected at most 55 characters`],
  ["an xn-- bucket prefix", (c) => (c.buckets[0].name = "xn--artifacts"), 'buckets[0].name = "xn--artifacts": expected a name not starting with "xn--" (reserved by S3)'],
  ["an sthree- bucket prefix", (c) => (c.buckets[0].name = "sthree-artifacts"), 'buckets[0].name = "sthree-artifacts": expected a name not starting with "sthree-" (reserved by S3)'],
  ["an -s3alias bucket suffix", (c) => (c.buckets[0].name = "artifacts-s3alias"), 'buckets[0].name = "artifacts-s3alias": expected a name not ending with "-s3alias" (reserved by S3)'],
  ["an --ol-s3 bucket suffix", (c) => (c.buckets[0].name = "artifacts--ol-s3"), 'buckets[0].name = "artifacts--ol-s3": expected a name not ending with "--ol-s3" (reserved by S3)'],
  ["an uppercase bucket name", (c) => (c.buckets[0].name = "Artifacts"), 'buckets[0].name = "Artifacts": expected a DNS label'],
  // Tags.
  ["an aws: tag key", (c) => (c.tags = { "aws:owner": "me" }), 'tags.aws:owner = "me": expected a tag key not starting with "aws:" (reserved by AWS)'],
  ["an AWS: tag key in capitals", (c) => (c.tags = { "AWS:owner": "me" }), 'tags.AWS:owner = "me": expected a tag key not starting with "aws:"'],
  ["an over-long tag key", (c) => (c.tags = { ["k".repeat(129)]: "v" }), "expected a tag key of 1 to 128 characters"],
  ["an over-long tag value", (c) => (c.tags = { owner: "v".repeat(257) }), `tags.owner = "${"v".repeat(76)}...: expected a tag value of at most 256 characters`],
  ["the platform's own tag key", (c) => (c.tags = { "gitops-platform:environment": "x" }), 'expected a tag key other than "gitops-platform:environment" and "Name" (set by the platform)'],
  ["more tags than AWS allows with the platform's", (c) => (c.tags = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`t${i}`, "v"]))), "gitops-platform:tags = {\"t0\":\"v\""],
  // CloudWatch retention.
  ["a flow-log retention of 99999 days", (c) => (c.network.flowLogRetentionDays = 99999), "network.flowLogRetentionDays = 99999: expected one of the retention periods CloudWatch accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653"],
  ["a flow-log retention of 10 days", (c) => (c.network.flowLogRetentionDays = 10), "network.flowLogRetentionDays = 10: expected one of the retention periods CloudWatch accepts"],
  // RDS and EBS storage.
  ["1e9 GB of storage", (c) => (c.database.allocatedStorageGb = 1e9), "database.allocatedStorageGb = 1000000000: expected at most 65536"],
  ["storage below gp3's minimum", (c) => (c.database.allocatedStorageGb = 10), "database.allocatedStorageGb = 10: expected at least 20"],
  ["a storage ceiling above gp3's", (c) => (c.database.maxAllocatedStorageGb = 70000), "database.maxAllocatedStorageGb = 70000: expected at most 65536"],
  ["a storage ceiling under the allocation", (c) => { c.database.allocatedStorageGb = 300; c.database.maxAllocatedStorageGb = 200; }, "database.maxAllocatedStorageGb = 200: expected more than allocatedStorageGb (300): storage autoscaling needs room to grow"],
  ["a node disk larger than EBS allows", (c) => (c.cluster.nodeGroups[0].diskSizeGb = 20000), "cluster.nodeGroups[0].diskSizeGb = 20000: expected at most 16384"],
  // Duplicates.
  ["duplicate node-group names", (c) => c.cluster.nodeGroups.push({ ...c.cluster.nodeGroups[0] }), 'cluster.nodeGroups[1].name = "general": expected a node group name not already listed'],
  ["duplicate bucket names", (c) => c.buckets.push({ name: "artifacts" }), 'buckets[1].name = "artifacts": expected a bucket name not already listed'],
  ["duplicate tenants", (c) => c.tenants.push({ namespace: "api-service", team: "x" }), 'tenants[1].namespace = "api-service": expected a namespace not already listed'],
  // Relations.
  ["a CPU request above its quota limit", (c) => (c.tenants[0].quota = { requestsCpu: "16", limitsCpu: "8" }), 'tenants[0].quota.requestsCpu = "16": expected at most limitsCpu (8)'],
  ["a memory request above its quota limit", (c) => (c.tenants[0].quota = { requestsMemory: "1Ti", limitsMemory: "16Gi" }), 'tenants[0].quota.requestsMemory = "1Ti": expected at most limitsMemory (16Gi)'],
  ["a default CPU request above the default limit", (c) => (c.tenants[0].limits = { defaultRequestCpu: "1", defaultLimitCpu: "500m" }), 'tenants[0].limits.defaultRequestCpu = "1": expected at most defaultLimitCpu (500m)'],
  ["a default memory request above the default limit", (c) => (c.tenants[0].limits = { defaultRequestMemory: "1Gi" }), 'tenants[0].limits.defaultRequestMemory = "1Gi": expected at most defaultLimitMemory (512Mi)'],
  ["an expiration before the transition", (c) => Object.assign(c.buckets[0], { transitionToInfrequentAccessDays: 90, expirationDays: 60 }), "buckets[0].expirationDays = 60: expected more than transitionToInfrequentAccessDays (90): objects must move to STANDARD_IA before they expire"],
  ["an expiration on the transition day", (c) => Object.assign(c.buckets[0], { transitionToInfrequentAccessDays: 90, expirationDays: 90 }), "buckets[0].expirationDays = 90: expected more than transitionToInfrequentAccessDays (90)"],
  ["more nodes desired than the maximum", (c) => (c.cluster.nodeGroups[0].desiredSize = 99), "cluster.nodeGroups[0].desiredSize = 99: expected at most maxSize (4)"],
  ["a minimum above the desired size", (c) => (c.cluster.nodeGroups[0].minSize = 3), "cluster.nodeGroups[0].minSize = 3: expected at most desiredSize (2)"],
  ["a database on a cluster it did not create", (c) => { c.cluster = { mode: "existing", kubeconfig: "/k" }; c.secrets.delivery = "sealed-secrets"; }, 'gitops-platform:database = "(set)": expected no database unless cluster.mode is "eks"'],
];

