import Taro from '@tarojs/taro'
import { aidAttachmentFolder } from '../../cloudfunctions/core/aid/aid.constants'
import { photoFolder } from '../../cloudfunctions/core/wish/wish.rules'
import { CloudError, NETWORK_ERROR_MESSAGE } from './cloud'
import { getDevOpenid } from './dev-identity'

/**
 * Uploads through the storage API. weapp: `Taro.cloud.uploadFile`; h5: the local stack's
 * `POST /api/files?cloudPath=…`. Either way the result is the CloudBase file ID the functions take.
 */
async function upload(cloudPath: string, filePath: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const { fileID } = await Taro.cloud.uploadFile({ cloudPath, filePath })
    return fileID
  }
  const blob = await (await fetch(filePath)).blob()
  const response = await fetch(`/api/files?cloudPath=${encodeURIComponent(cloudPath)}`, {
    method: 'POST',
    headers: { 'X-Dev-Openid': getDevOpenid() ?? '' },
    body: blob,
  })
  const reply = (await response.json()) as { ok: boolean; data?: { fileID: string }; error?: { code: 'INTERNAL'; message: string } }
  if (!reply.ok || !reply.data) throw new CloudError(reply.error ?? { code: 'INTERNAL', message: NETWORK_ERROR_MESSAGE })
  return reply.data.fileID
}

/** A 圆梦 photo, into the claimer's own folder under the wish (the only place `wish.fulfil` accepts). */
export function uploadWishPhoto(wishId: string, openid: string, filePath: string, index: number): Promise<string> {
  const extension = /\.(jpe?g|png|webp)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg'
  return upload(`${photoFolder(wishId, openid)}${Date.now().toString(36)}-${index}.${extension}`, filePath)
}

/** An aid attachment (录取通知书, 困难证明), into the applicant's own folder under the programme (the only place `aid.apply` accepts). */
export function uploadAidAttachment(programId: string, openid: string, filePath: string, index: number): Promise<string> {
  const extension = /\.(jpe?g|png|webp|pdf)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg'
  return upload(`${aidAttachmentFolder(programId, openid)}${Date.now().toString(36)}-${index}.${extension}`, filePath)
}

/** A funded project's milestone photo, into the folder `venture.orgProjects` gave this member (the only place `submitMilestone` accepts). */
export function uploadProjectPhoto(photoFolder: string, filePath: string, index: number): Promise<string> {
  const extension = /\.(jpe?g|png|webp)$/i.exec(filePath)?.[1]?.toLowerCase() ?? 'jpg'
  return upload(`${photoFolder}${Date.now().toString(36)}-${index}.${extension}`, filePath)
}
