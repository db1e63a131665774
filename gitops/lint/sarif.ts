/**
 * SARIF 2.1.0, the format GitHub code scanning reads (upload it with
 * github/codeql-action/upload-sarif and findings annotate the pull request).
 * Pure: findings and rules in, a SARIF log object out.
 */
import type { Finding } from "./finding";

export interface SarifRuleInfo {
  readonly id: string;
  readonly description: string;
}

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/example-org/gitops-platform#gitops-lint--generate--new-app--the-gitops-content";

/** A SARIF log of one run; `failure` marks a run that could not lint at all (say kustomize is missing). */
export function toSarif(findings: readonly Finding[], rules: readonly SarifRuleInfo[], failure?: string): Record<string, unknown> {
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  return {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gitops-lint",
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ({ id: rule.id, shortDescription: { text: rule.description }, defaultConfiguration: { level: "error" } })),
          },
        },
        invocations: [
          {
            executionSuccessful: failure === undefined,
            ...(failure !== undefined ? { toolExecutionNotifications: [{ level: "error", message: { text: failure } }] } : {}),
          },
        ],
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ...(index.has(finding.rule) ? { ruleIndex: index.get(finding.rule) } : {}),
          level: finding.severity,
          message: { text: finding.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: finding.file, uriBaseId: "%SRCROOT%" }, region: { startLine: Math.max(1, finding.line) } } }],
        })),
      },
    ],
  };
}
