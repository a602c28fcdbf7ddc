// Written with zod/mini, which tree-shakes: pages check forms with these schemas (utils/schema-validation), the functions parse with the same objects.
import * as z from 'zod/mini'
import { isRealName } from '../identity/identity.rules'
import { isPublicSafe, personalNumberMessage } from '../privacy/public-text.rules'
import { phoneSchema, townshipSchema } from '../user/user.form-schema'
import { beneficiaryGroups, wishCategories } from './wish.constants'

export const wishIdSchema = z.string({ error: '缺少心愿' }).check(z.trim(), z.minLength(1, { error: '缺少心愿' }), z.maxLength(64, { error: '心愿编号不正确' }))

export const createWishInput = z.object({
  title: z
    .string({ error: '请填写心愿标题' })
    .check(z.trim(), z.minLength(4, { error: '心愿标题为4–30个字' }), z.maxLength(30, { error: '心愿标题为4–30个字' }), z.refine(isPublicSafe, { error: personalNumberMessage('心愿标题') })),
  content: z
    .string({ error: '请描述心愿' })
    .check(z.trim(), z.minLength(10, { error: '心愿描述为10–500个字' }), z.maxLength(500, { error: '心愿描述为10–500个字' }), z.refine(isPublicSafe, { error: personalNumberMessage('心愿描述') })),
  category: z.enum(wishCategories, { error: '请选择心愿类别' }),
  estimatedYuan: z
    .number({ error: '预估金额须为数字' })
    .check(z.int({ error: '预估金额须为整数（元）' }), z.gte(1, { error: '预估金额为1–2000元' }), z.lte(2000, { error: '预估金额为1–2000元' })),
  township: townshipSchema,
  community: z.pipe(
    z.optional(z.string({ error: '社区须为文字' }).check(z.trim(), z.maxLength(30, { error: '社区不超过30个字' }))),
    z.transform((v: string | undefined) => (v ? v : undefined)),
  ),
  beneficiary: z.object(
    {
      name: z.string({ error: '请填写受助人姓名' }).check(z.trim(), z.refine(isRealName, { error: '受助人姓名须为2–20个汉字' })),
      group: z.enum(beneficiaryGroups, { error: '请选择受助人类别' }),
    },
    { error: '请填写受助人信息' },
  ),
  /** Posted by a community liaison for someone else (代为发布). */
  onBehalf: z.boolean({ error: '请选择是否代为发布' }),
  /** How the claimer reaches the submitter; the profile's phone when left out. The beneficiary's phone is never collected. */
  contactPhone: z.optional(phoneSchema),
})
export type CreateWishInput = z.infer<typeof createWishInput>

export const fulfilWishInput = z.object({
  wishId: wishIdSchema,
  note: z
    .string({ error: '请填写圆梦说明' })
    .check(z.trim(), z.minLength(2, { error: '圆梦说明为2–200个字' }), z.maxLength(200, { error: '圆梦说明为2–200个字' }), z.refine(isPublicSafe, { error: personalNumberMessage('圆梦说明') })),
  photoFileIds: z
    .array(z.string({ error: '照片不正确' }).check(z.trim(), z.minLength(1, { error: '照片不正确' }), z.maxLength(300, { error: '照片不正确' })), { error: '请上传圆梦照片' })
    .check(z.minLength(1, { error: '请上传1–9张圆梦照片' }), z.maxLength(9, { error: '请上传1–9张圆梦照片' })),
})

export const confirmWishInput = z.object({
  wishId: wishIdSchema,
  thanks: z.optional(
    z.string({ error: '感谢语须为文字' }).check(z.trim(), z.maxLength(200, { error: '感谢语不超过200个字' }), z.refine(isPublicSafe, { error: personalNumberMessage('感谢语') })),
  ),
})
