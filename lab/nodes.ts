/**
 * Simulated nodes: KWOK runs beside the control plane and plays the kubelet for the Node
 * objects the lab creates, so the scheduler binds pods, pods go Running and Ready,
 * Deployments become Available and Argo CD's health checks mean something. No container
 * ever runs: a pod is Ready because its stage says so (lab/kwok/stages.yaml), and an image
 * tagged `:crashloop` fails on purpose.
 */
import * as path from "node:path";
import { LOOPBACK, loopbackUrl, type ComponentSpec } from "./components";
import type { LabConfig } from "./config";
import type { KubeClient } from "./kube-client";
import type { LabPaths } from "./paths";

/** The annotation KWOK selects the nodes it manages by; nodes without it are left alone. */
export const KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";
/** Pod IPs KWOK hands out; outside the service CIDR and the usual cluster ranges. */
export const POD_CIDR = "10.244.0.0/16";
export const STAGES_FILE = path.join(__dirname, "kwok", "stages.yaml");

/** The nodes the lab simulates: two zones, so topology spread constraints behave as in a real cluster. */
export const LAB_NODES = [
  { name: "gitops-lab-node-a", zone: "lab-a" },
  { name: "gitops-lab-node-b", zone: "lab-b" },
] as const;

export function kwokSpec(config: LabConfig, paths: LabPaths, binary: string): ComponentSpec {
  const kubeconfig = `--kubeconfig=${paths.kubeconfig}`;
  return {
    name: "kwok",
    binary,
    args: [
      kubeconfig,
      `--config=${STAGES_FILE}`,
      "--manage-all-nodes=false",
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      `--cidr=${POD_CIDR}`,
      `--node-ip=${LOOPBACK}`,
      `--server-address=${LOOPBACK}:${config.ports.kwok}`,
    ],
    ports: [config.ports.kwok],
    health: { url: `${loopbackUrl("http", config.ports.kwok)}/healthz`, healthy: (body) => body.trim() === "ok" },
    signature: kubeconfig,
  };
}

/** A Node object KWOK will manage: capacity for the platform's workloads, no taints. */
export function nodeObject(node: (typeof LAB_NODES)[number]): Record<string, unknown> {
  const resources = { cpu: "16", memory: "32Gi", pods: "110" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: node.name,
      annotations: { [KWOK_NODE_ANNOTATION]: "fake", "node.alpha.kubernetes.io/ttl": "0" },
      labels: {
        "kubernetes.io/hostname": node.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "topology.kubernetes.io/zone": node.zone,
        "node.kubernetes.io/instance-type": "kwok",
        type: "kwok",
      },
    },
    status: { allocatable: resources, capacity: resources },
  };
}

/**
 * The taint the API server puts on every new Node until the node lifecycle controller sees it
 * Ready. The lab runs without that controller (it would mark nodes NotReady between KWOK's
 * status updates), so the lab lifts the taint itself.
 */
const NOT_READY_TAINT = "node.kubernetes.io/not-ready";

/** Creates the lab's nodes that do not exist yet and lifts the not-ready taint; returns the names it created. */
export async function ensureNodes(client: KubeClient): Promise<string[]> {
  const created: string[] = [];
  for (const node of LAB_NODES) {
    let current = await client.get<{ spec?: { taints?: { key: string }[] } }>(`/api/v1/nodes/${node.name}`);
    if (!current) {
      current = await client.create(`/api/v1/nodes`, nodeObject(node));
      created.push(node.name);
    }
    const taints = current?.spec?.taints ?? [];
    if (taints.some((t) => t.key === NOT_READY_TAINT)) {
      await client.patch(`/api/v1/nodes/${node.name}`, { spec: { taints: taints.filter((t) => t.key !== NOT_READY_TAINT) } });
    }
  }
  return created;
}
