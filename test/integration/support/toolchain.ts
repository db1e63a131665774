/**
 * Finds the real engine that `npm run toolchain` provides. Anything missing
 * fails the test with the command that provides it: integration tests are
 * never skipped.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseToolchainEnv } from "../../../lab/binaries";
import { toolchainCacheDir } from "../../../lab/config";

export const REPO_ROOT = join(__dirname, "..", "..", "..");
export const FIXTURE_PROGRAM = join(REPO_ROOT, "test", "fixtures", "integration-program");
export const GITOPS_BIN = join(REPO_ROOT, "bin", "gitops.js");

/** The random provider version @pulumi/random in package-lock asks for. */
const RANDOM_PLUGIN = "resource-random-v4.21.2";
/** The Kubernetes provider version @pulumi/kubernetes in package-lock asks for. */
const KUBERNETES_PLUGIN = "resource-kubernetes-v4.34.2";
const HINT = "run `npm run toolchain` (or `. ~/.cache/gitops-platform/toolchain.env` after it)";

export interface Toolchain {
  /** The `pulumi` binary (its real path, symlinks resolved). */
  readonly pulumi: string;
  /** The Node.js language host the engine must use. */
  readonly languageHost: string;
  /** The dynamic-provider plugin shipped in @pulumi/pulumi. */
  readonly dynamicProvider: string;
  /** PULUMI_HOME holding the providers. */
  readonly pulumiHome: string;
}

/** What the toolchain script recorded in `<cache>/toolchain.env`. */
function toolchainEnv(): Record<string, string> {
  const file = join(toolchainCacheDir(), "toolchain.env");
  return existsSync(file) ? Object.fromEntries(parseToolchainEnv(readFileSync(file, "utf8"))) : {};
}

function required(path: string | undefined, what: string, hint = HINT): string {
  if (!path || !existsSync(path)) throw new Error(`${what} not found${path ? ` at ${path}` : ""}: ${hint}`);
  return path;
}

let cached: Toolchain | undefined;

export function requireToolchain(): Toolchain {
  if (cached) return cached;
  const file = toolchainEnv();
  const pulumi = realpathSync(required(process.env.GITOPS_TOOLCHAIN_PULUMI ?? file.GITOPS_TOOLCHAIN_PULUMI, "the pulumi engine"));
  const languageHost = required(
    process.env.GITOPS_TOOLCHAIN_PULUMI_LANGUAGE_NODEJS ?? file.GITOPS_TOOLCHAIN_PULUMI_LANGUAGE_NODEJS ?? join(dirname(pulumi), "pulumi-language-nodejs"),
    "pulumi-language-nodejs",
  );
  const pulumiHome = required(process.env.PULUMI_HOME ?? file.PULUMI_HOME, "PULUMI_HOME with the providers");
  required(join(pulumiHome, "plugins", RANDOM_PLUGIN), `the random provider plugin (${RANDOM_PLUGIN}) in ${pulumiHome}`);
  const dynamicProvider = required(
    join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs"),
    "pulumi-resource-pulumi-nodejs",
    "run `npm ci`",
  );
  cached = { pulumi, languageHost, dynamicProvider, pulumiHome };
  return cached;
}

/** The toolchain plus the Kubernetes provider plugin, for programs that manage lab objects. */
export function requireKubernetesProvider(): Toolchain {
  const toolchain = requireToolchain();
  required(join(toolchain.pulumiHome, "plugins", KUBERNETES_PLUGIN), `the Kubernetes provider plugin (${KUBERNETES_PLUGIN}) in ${toolchain.pulumiHome}`);
  return toolchain;
}
