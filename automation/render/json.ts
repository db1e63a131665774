/**
 * The JSON artifact: the whole typed report, masked. It is the complete
 * record when a comment had to be shortened.
 */
import { Redactor } from "../redact";
import type { DeployReport, DriftReport, PreviewReport } from "../types";

export type Report = PreviewReport | DeployReport | DriftReport;

export interface JsonReportOptions {
  /** Masks secrets (structure first, then the text). Default: a Redactor with nothing registered. */
  readonly redactor?: Redactor;
  /** Extra top-level fields, e.g. commit and run URL. Default: none. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export function renderJsonReport(report: Report, options: JsonReportOptions = {}): string {
  const redactor = options.redactor ?? new Redactor();
  const document = { schemaVersion: 1, ...(options.metadata ?? {}), ...(redactor.maskValue(report) as object) };
  return `${redactor.redact(JSON.stringify(document, null, 2))}\n`;
}
