/** Pure checks of personal identifiers: mainland mobile numbers, real names, resident ID numbers. */

/** Mainland China mobile number: 11 digits starting 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/

/** Real name: 2–20 Chinese characters, with `·` allowed between parts (e.g. 阿依古丽·买买提). */
export const REAL_NAME_PATTERN = /^[\u4e00-\u9fa5\u3400-\u4dbf]+(?:[·•][\u4e00-\u9fa5\u3400-\u4dbf]+)*$/

export const isMobile = (value: string): boolean => MOBILE_PATTERN.test(value)

export const isRealName = (value: string): boolean =>
  value.length >= 2 && value.length <= 20 && REAL_NAME_PATTERN.test(value)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK_CHARS = '10X98765432'

/** GB 11643-1999 check character of the first 17 digits of a citizen ID number. */
export function idCardCheckChar(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(first17[i]), 0)
  return ID_CHECK_CHARS[sum % 11]
}

/** An 18-character resident ID number: 17 digits, a real birth date, and the GB 11643 check character. */
export function isIdCardNo(raw: string): boolean {
  const value = raw.toUpperCase()
  if (!/^\d{17}[\dX]$/.test(value)) return false
  const year = Number(value.slice(6, 10))
  const month = Number(value.slice(10, 12))
  const day = Number(value.slice(12, 14))
  const birth = new Date(Date.UTC(year, month - 1, day))
  const validDate = year >= 1900 && birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day
  return validDate && idCardCheckChar(value.slice(0, 17)) === value[17]
}
