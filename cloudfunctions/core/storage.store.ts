import { type CloudbaseApp, getApp } from './cloudbase'

/** File storage (photos, exports), through the SDK's storage API: the one place functions touch it. */

/** Store `content` at `cloudPath` (through `app`: the container's unless given); returns its CloudBase file ID. */
export async function storeFile(cloudPath: string, content: Buffer, app: CloudbaseApp = getApp()): Promise<string> {
  const { fileID } = await app.uploadFile({ cloudPath, fileContent: content })
  return fileID
}

/** A temporary download link per file ID, in order; null for a file that does not exist. */
export async function temporaryUrls(fileIds: string[], maxAgeSeconds: number): Promise<(string | null)[]> {
  if (fileIds.length === 0) return []
  const { fileList } = await getApp().getTempFileURL({ fileList: fileIds.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })) })
  return (fileList as { code?: string; tempFileURL?: string }[]).map((file) => (file.code === 'SUCCESS' && file.tempFileURL ? file.tempFileURL : null))
}

/** How long an export's download link lives. */
const EXPORT_LINK_SECONDS = 3600

/**
 * An export (.xlsx) stored at `cloudPath`, with a download link for an hour. The workbooks are built
 * by modules the functions load with `import()` (exceljs is the heaviest thing they carry); storing
 * stays here so those modules bundle nothing but exceljs.
 */
export async function storeExport(cloudPath: string, content: Buffer): Promise<{ fileID: string; url: string }> {
  const fileID = await storeFile(cloudPath, content)
  const [url] = await temporaryUrls([fileID], EXPORT_LINK_SECONDS)
  if (!url) throw new Error(`no temporary URL for the export ${cloudPath}`)
  return { fileID, url }
}

/** Delete files by file ID (retention purges); files already gone are not an error. */
export async function deleteFiles(fileIds: string[]): Promise<void> {
  if (fileIds.length === 0) return
  await getApp().deleteFile({ fileList: fileIds })
}
