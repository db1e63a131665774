import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { DatabaseConfig } from "../../platform/config";
import { names } from "../../platform/layout";
import { PASSWORD_SPECIALS, instanceSettings, parameterGroupFamily } from "./settings";

export interface PostgresDatabaseArgs {
  /** Database settings; production defaults are the schema's defaults (Multi-AZ, protected, 7-day backups). */
  readonly config: DatabaseConfig;
  /** Environment, which names the Secrets Manager secret External Secrets reads. */
  readonly environment: string;
  readonly vpcId: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<string>[];
  /** The only security group admitted on 5432: the cluster's nodes. */
  readonly clientSecurityGroupId: pulumi.Input<string>;
  /** Protect the instance, key and secret against `pulumi destroy`. Default false; production sets it. */
  readonly protect?: boolean;
  readonly tags?: Record<string, string>;
}

/**
 * RDS PostgreSQL reachable only from the cluster's nodes, TLS-only, encrypted
 * with its own KMS key. The master password is generated, written to AWS
 * Secrets Manager for External Secrets to deliver, and never exported.
 */
export class PostgresDatabase extends pulumi.ComponentResource {
  public readonly address: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** Name of the Secrets Manager secret with the connection details (not the secret value). */
  public readonly secretName: string;
  public readonly secretArn: pulumi.Output<string>;

  constructor(name: string, args: PostgresDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("gitops:database:PostgresDatabase", name, {}, opts);
    const { config } = args;
    const tags = args.tags ?? {};
    const parent = { parent: this };
    const guarded = { parent: this, protect: args.protect ?? false };

    const key = new aws.kms.Key(`${name}-storage`, {
      description: `Storage and secret encryption for database ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      tags,
    }, guarded);

    const subnets = new aws.rds.SubnetGroup(name, { subnetIds: args.privateSubnetIds, tags }, parent);
    const securityGroup = new aws.ec2.SecurityGroup(name, {
      vpcId: args.vpcId,
      description: `PostgreSQL ${name}: 5432 from the cluster's nodes only`,
      tags,
    }, parent);
    new aws.vpc.SecurityGroupIngressRule(`${name}-from-nodes`, {
      securityGroupId: securityGroup.id,
      referencedSecurityGroupId: args.clientSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: 5432,
      toPort: 5432,
      description: "PostgreSQL from EKS nodes",
    }, parent);

    const parameters = new aws.rds.ParameterGroup(name, {
      family: parameterGroupFamily(config.engineVersion),
      parameters: [{ name: "rds.force_ssl", value: "1" }],
      tags,
    }, parent);

    const password = new random.RandomPassword(`${name}-master`, {
      length: 32,
      special: true,
      overrideSpecial: PASSWORD_SPECIALS,
    }, parent);

    const instance = new aws.rds.Instance(name, {
      engine: "postgres",
      dbName: config.name.replace(/-/g, "_"),
      username: "platform_admin",
      password: password.result,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [securityGroup.id],
      parameterGroupName: parameters.name,
      kmsKeyId: key.arn,
      storageType: "gp3",
      ...instanceSettings(config, `${name}-final`),
      tags,
    }, guarded);

    this.secretName = names.databaseSecret(args.environment, config.name);
    const secret = new aws.secretsmanager.Secret(name, {
      name: this.secretName,
      description: `Connection details for database ${config.name}, delivered to the cluster by External Secrets`,
      kmsKeyId: key.arn,
      recoveryWindowInDays: 30,
      tags,
    }, guarded);
    new aws.secretsmanager.SecretVersion(name, {
      secretId: secret.id,
      secretString: pulumi.secret(pulumi.jsonStringify({
        username: instance.username,
        password: password.result,
        host: instance.address,
        port: instance.port,
        dbname: instance.dbName,
      })),
    }, parent);

    this.address = instance.address;
    this.port = instance.port;
    this.secretArn = secret.arn;
    this.registerOutputs({ address: this.address, port: this.port, secretName: this.secretName, secretArn: this.secretArn });
  }
}
