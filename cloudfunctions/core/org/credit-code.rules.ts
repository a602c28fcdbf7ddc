/** The unified social credit code (统一社会信用代码, GB 32100-2015): pure checks, no imports. */

/** The 31 characters a credit code is written in: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** GB 32100-2015 check character of the first 17 characters (null when one is outside the alphabet). */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(first17[i] ?? '')
    if (value < 0) return null
    sum += value * CREDIT_CODE_WEIGHTS[i]
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** Why a credit code is wrong, in words for the person typing it; null when it is valid. */
export function creditCodeProblem(raw: string): string | null {
  const code = raw.trim().toUpperCase()
  if (code.length !== 18) return `统一社会信用代码为18位，当前${code.length}位`
  const bad = Array.from(code).find((ch) => !CREDIT_CODE_CHARS.includes(ch))
  if (bad) return `统一社会信用代码不能包含“${bad}”`
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return '统一社会信用代码校验位不正确，请核对'
  return null
}

export const isCreditCode = (raw: string): boolean => creditCodeProblem(raw) === null
