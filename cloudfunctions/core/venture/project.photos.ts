import { createHash } from 'node:crypto'

/**
 * Where a member of the organization uploads a milestone's photos: `venture/<projectId>/<key>/`, the
 * key derived from the uploader's openid and the project (so two people never write the same path,
 * and the public photo links carry no openid). The functions hand it to the organization's staff
 * (`orgProjects`) and accept only photos under it (`submitMilestone`); the local host lets a caller
 * upload only there. Node only (the mini-program gets the folder from the function).
 */
export const projectPhotoFolder = (projectId: string, openid: string) =>
  `venture/${projectId}/${createHash('sha256').update(`venture-photo:${projectId}:${openid}`).digest('hex').slice(0, 16)}/`
