/**
 * `lab publish`: push a checkout's HEAD to the lab's Git remote without touching any
 * process, then ask Argo CD to look at once (the lab's stand-in for a Git webhook).
 */
import { ARGOCD_NAMESPACE, listApplications } from "./argocd-processes";
import { resolveLabConfig, type LabOptions } from "./config";
import { publishRepository, type PublishResult } from "./git-remote";
import { KubeClient } from "./kube-client";
import { labPathsFor } from "./paths";

export async function labPublish(from: string, options: LabOptions = {}): Promise<PublishResult> {
  const config = resolveLabConfig(options);
  const paths = labPathsFor(config.stateDir);
  const result = await publishRepository(config, paths, from);
  if (!result.unchanged) await requestRefresh(KubeClient.fromKubeconfig(paths.kubeconfig)).catch(() => undefined);
  return result;
}

/** Annotates every Application for a normal refresh, as Argo CD's webhook handler does on a push. */
async function requestRefresh(client: KubeClient): Promise<void> {
  for (const app of await listApplications(client)) {
    await client.patch(`/apis/argoproj.io/v1alpha1/namespaces/${ARGOCD_NAMESPACE}/applications/${app.name}`, {
      metadata: { annotations: { "argocd.argoproj.io/refresh": "normal" } },
    });
  }
}
