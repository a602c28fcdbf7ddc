/**
 * Cangnan County's townships (苍南县, county code 330327): 16 towns and 2 ethnic townships as of 2020.
 * A setting, not code: change the list here when the administrative division changes.
 */
export const COUNTY_CODE = '330327'

export const townships = [
  '灵溪镇', '宜山镇', '钱库镇', '金乡镇', '炎亭镇', '大渔镇', '马站镇', '霞关镇', '矾山镇',
  '南宋镇', '赤溪镇', '桥墩镇', '莒溪镇', '藻溪镇', '望里镇', '沿浦镇', '凤阳畲族乡', '岱岭畲族乡',
] as const

export type Township = (typeof townships)[number]

export const isTownship = (value: string): value is Township => (townships as readonly string[]).includes(value)
