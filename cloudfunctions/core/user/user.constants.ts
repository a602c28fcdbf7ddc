/**
 * Roles, and the messages of the volunteer registration form. Plain values, no zod: pages import
 * them from here (the weapp main package must not carry zod); user.form-schema.ts and user.schema.ts
 * build their schemas from them, and user.schema.ts re-exports the roles for the functions.
 */

/** Roles a person holds on the platform; organization roles live in `orgs`. */
export const roles = ['resident', 'volunteer', 'driver', 'platform_admin'] as const
export type Role = (typeof roles)[number]

export const orgRoles = ['admin', 'staff'] as const
export type OrgRole = (typeof orgRoles)[number]

/** What registerVolunteerInput says about each field; user.rules.ts checks the same in the page. */
export const volunteerMessages = {
  realNameRequired: '请填写真实姓名',
  realName: '姓名须为2–20个汉字（可含·）',
  phoneRequired: '请填写手机号',
  phone: '手机号格式不正确',
  township: '请从列表中选择所在乡镇',
  skillEmpty: '技能不能为空',
  skillTooLong: '每项技能不超过20个字',
  tooManySkills: '技能最多填写10项',
  idCardNoType: '身份证号格式不正确',
  idCardNo: '身份证号不正确，请核对',
} as const

export const MAX_SKILLS = 10
export const MAX_SKILL_LENGTH = 20
