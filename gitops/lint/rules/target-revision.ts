import { isTemplated } from "../../argocd/applications";
import { asArray, asRecord, asString, type PathSegment } from "../../yaml/source-file";
import type { Finding } from "../finding";
import { findingAt, locateNearest, type Rule } from "../rule";

const RULE = "target-revision";

/**
 * An environment's Applications and git generators track the revision its
 * stack names (`gitops-platform:argocd.targetRevision`): anything else would
 * deploy content that review and `gitops lint` never saw. Argo CD reads a
 * missing targetRevision as HEAD.
 */
export const targetRevision: Rule = {
  id: RULE,
  description: "sources of this repository track the revision the environment's stack names",
  check: (context) => {
    const findings: Finding[] = [];
    const compare = (env: string | undefined, repoURL: string | undefined, revision: string | undefined, what: string, object: Parameters<typeof locateNearest>[0], at: readonly PathSegment[]) => {
      const environment = env === undefined ? undefined : context.repository.environments.get(env);
      if (!environment || repoURL !== environment.stack.config.argocd.repoUrl || isTemplated(revision)) return;
      const expected = environment.stack.config.argocd.targetRevision;
      if ((revision ?? "HEAD") !== expected)
        findings.push(findingAt(RULE, locateNearest(object, at), `${what} tracks ${revision ?? "HEAD (no targetRevision)"}, but ${environment.stack.file} deploys ${expected} (gitops-platform:argocd.targetRevision); set it to ${expected}`));
    };
    for (const app of context.applications)
      for (const source of app.sources) compare(app.env, source.repoURL, source.targetRevision, app.generatedBy === undefined ? app.label : `ApplicationSet ${app.generatedBy}'s template`, app, [...source.at, "targetRevision"]);
    for (const set of context.plan.model.applicationSets)
      asArray(set.spec.generators).forEach((g, i) => {
        const git = asRecord(asRecord(g)?.git);
        if (git) compare(set.env, asString(git.repoURL), asString(git.revision), `ApplicationSet ${set.name}'s git generator`, set, ["spec", "generators", i, "git", "revision"]);
      });
    const unique = new Map(findings.map((f) => [`${f.file}:${f.line}:${f.message}`, f]));
    return [...unique.values()];
  },
};
