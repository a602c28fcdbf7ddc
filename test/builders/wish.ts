/** A valid wish posted on someone's behalf; a test overrides only what decides its outcome. */
export const buildWishInput = (overrides: Record<string, unknown> = {}) => ({
  title: '想要一个新书包',
  content: '五年级的小雨跟奶奶生活，书包背了四年已经破了，希望有一个新书包。',
  category: '学习用品',
  estimatedYuan: 150,
  township: '马站镇',
  community: '马站社区',
  beneficiary: { name: '王小雨', group: 'left_behind_child' },
  onBehalf: true,
  contactPhone: '13857700123',
  ...overrides,
})
