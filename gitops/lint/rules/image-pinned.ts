import { asArray, asRecord, asString, lineOfPath } from "../../yaml/source-file";
import { builtObjects, type DeployUnit, type LintContext } from "../context";
import type { Finding } from "../finding";
import { parseImage, unpinnedReason } from "../image-reference";
import type { SourceLocation } from "../source-locator";
import { findingAt, type Rule } from "../rule";
import { containersOf, type ContainerRef } from "../workloads";

const RULE = "image-pinned";

/** An `images:` entry in the kustomization chain that rewrote this image: that is where its tag is set. */
function imagesEntry(unit: DeployUnit, repository: string): SourceLocation | undefined {
  for (const file of unit.locator.kustomizations) {
    const document = file.documents[0];
    const entries = asArray(asRecord(document?.value)?.images);
    const index = entries.findIndex((e) => (asString(asRecord(e)?.newName) ?? asString(asRecord(e)?.name)) === repository);
    const line = document && index >= 0 ? lineOfPath(file, document.doc, ["images", index]) : undefined;
    if (line !== undefined) return { file: file.path, line };
  }
  return undefined;
}

function checkContainer(unit: DeployUnit, ref: ContainerRef): Finding[] {
  const image = asString(ref.container.image);
  const what = `${ref.kind} ${ref.objectName} container ${ref.name}`;
  if (image === undefined) return [findingAt(RULE, unit.locator.locate(ref.kind, ref.objectName, ref.path), `${what} has no image`)];
  const reason = unpinnedReason(image);
  if (reason === undefined) return [];
  const at = imagesEntry(unit, parseImage(image).repository) ?? unit.locator.locate(ref.kind, ref.objectName, [...ref.path, "image"]);
  return [findingAt(RULE, at, `${what}: image ${image} ${reason}; pin a version tag or a digest`)];
}

function check(context: LintContext): Finding[] {
  return builtObjects(context).flatMap(({ unit, object }) => containersOf(object).flatMap((ref) => checkContainer(unit, ref)));
}

/** Every container image is pinned by a tag other than latest, or by a digest (checked on built output). */
export const imagePinned: Rule = { id: RULE, description: "container images are pinned by tag or digest, never :latest", check };
