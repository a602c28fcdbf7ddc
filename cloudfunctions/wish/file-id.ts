/** The storage path inside a CloudBase file ID: `cloud://<env>.<bucket>/<path>` → `<path>`; null when it is not one. */
export function fromFileId(fileId: string): string | null {
  const match = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)
  return match ? match[1] : null
}
