import type { SecretsConfig } from "../../../platform/config";
import { builtObjects } from "../context";
import type { Finding } from "../finding";
import { findingAt, type Rule } from "../rule";

const RULE = "secret-delivery";

/** Per delivery mode, the kinds whose controller that mode does not install. */
const FOREIGN_KINDS: Readonly<Record<SecretsConfig["delivery"], readonly string[]>> = {
  "external-secrets": ["SealedSecret"],
  "sealed-secrets": ["ExternalSecret"],
  none: ["ExternalSecret", "SealedSecret"],
};

/**
 * An overlay delivers secrets the way its environment's stack configures
 * (`gitops-platform:secrets.delivery`): a controller that is not installed would
 * never turn its objects into Secrets.
 */
export const secretDelivery: Rule = {
  id: RULE,
  description: "overlays use the secret delivery (External Secrets or Sealed Secrets) their environment's stack installs",
  check: (context) =>
    builtObjects(context).flatMap(({ unit, identity }): Finding[] => {
      const environment = context.repository.environments.get(unit.env);
      if (!identity || !environment) return [];
      const delivery = environment.stack.config.secrets.delivery;
      if (!FOREIGN_KINDS[delivery].includes(identity.kind)) return [];
      return [
        findingAt(RULE, unit.locator.locate(identity.kind, identity.name), `${unit.dir} uses ${identity.kind} ${identity.name}, but ${environment.stack.file} delivers secrets with ${delivery}`),
      ];
    }),
};
