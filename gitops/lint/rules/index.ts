/** Every rule, in the order findings are explained in the README. */
import type { Rule } from "../rule";
import { applicationFiles } from "./application-files";
import { applicationProject } from "./application-project";
import { applicationSet } from "./application-set";
import { applicationSource } from "./application-source";
import { containerProbes } from "./container-probes";
import { containerResources } from "./container-resources";
import { destinationNamespace } from "./destination-namespace";
import { externalSecretKey } from "./external-secret-key";
import { generatedFiles } from "./generated-files";
import { imagePinned } from "./image-pinned";
import { overlayBuilds } from "./overlay-builds";
import { ownershipBoundary } from "./ownership-boundary";
import { plaintextSecret } from "./plaintext-secret";
import { secretDelivery } from "./secret-delivery";
import { stackConfig } from "./stack-config";
import { syncPolicy } from "./sync-policy";
import { targetRevision } from "./target-revision";
import { yamlSyntax } from "./yaml-syntax";

export const RULES: readonly Rule[] = [
  yamlSyntax,
  stackConfig,
  overlayBuilds,
  applicationFiles,
  applicationSet,
  applicationSource,
  applicationProject,
  targetRevision,
  destinationNamespace,
  ownershipBoundary,
  plaintextSecret,
  imagePinned,
  containerResources,
  containerProbes,
  syncPolicy,
  generatedFiles,
  externalSecretKey,
  secretDelivery,
];
