const HOUR = 60 * 60 * 1000

/** An instant `hours` from now, as the client sends it (Beijing offset). */
export function hoursFromNow(hours: number, from: Date = new Date()): string {
  const at = new Date(from.getTime() + hours * HOUR + 8 * HOUR)
  return at.toISOString().replace('Z', '+08:00')
}

/** A valid activity draft: three hours on Saturday in three days' time; a test overrides what decides its outcome. */
export const buildActivityInput = (orgId: string, overrides: Record<string, unknown> = {}) => ({
  orgId,
  title: '灵溪镇敬老院重阳陪伴',
  category: '扶老',
  description: '陪伴敬老院老人聊天、读报、剪指甲，并协助午餐。请穿志愿者马甲。',
  township: '灵溪镇',
  address: '灵溪镇敬老院（春晖路88号）',
  startAt: hoursFromNow(72),
  endAt: hoursFromNow(75),
  signUpDeadline: hoursFromNow(48),
  capacity: 20,
  waitlist: true,
  ...overrides,
})
