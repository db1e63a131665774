/**
 * IAM policy documents as plain data, so tests can read them and no component
 * hand-writes JSON strings.
 */

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Trust policy letting an AWS service (e.g. `vpc-flow-logs.amazonaws.com`) assume a role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/**
 * Trust policy for IRSA: only `system:serviceaccount:<namespace>:<name>` of the
 * cluster behind `oidcProviderArn` may assume the role.
 */
export function serviceAccountTrustPolicy(input: {
  oidcProviderArn: string;
  oidcProviderUrl: string;
  namespace: string;
  serviceAccount: string;
}): PolicyDocument {
  const issuer = input.oidcProviderUrl.replace(/^https:\/\//, "");
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: input.oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${input.namespace}:${input.serviceAccount}`,
            [`${issuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}
