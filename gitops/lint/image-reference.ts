/** Parsing container image references just enough to tell whether they are pinned. */

export interface ImageReference {
  /** Registry and repository, without tag or digest. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImage(image: string): ImageReference {
  const [named = "", digest] = image.split("@", 2);
  // A colon after the last slash is a tag; one before it is a registry port.
  const slash = named.lastIndexOf("/");
  const colon = named.lastIndexOf(":");
  const hasTag = colon > slash;
  return {
    repository: hasTag ? named.slice(0, colon) : named,
    ...(hasTag ? { tag: named.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** Why an image is not pinned, or undefined when a digest or a non-latest tag pins it. */
export function unpinnedReason(image: string): string | undefined {
  const reference = parseImage(image);
  if (reference.digest !== undefined) return /^sha256:[0-9a-f]{64}$/.test(reference.digest) ? undefined : `has a malformed digest`;
  if (reference.tag === undefined || reference.tag === "") return "has no tag (it means :latest)";
  if (reference.tag === "latest") return "uses the moving tag :latest";
  return undefined;
}
