/** The one place where personal data is masked for display. */

/** `13812345678` → `138****5678`. */
export const maskPhone = (phone: string): string =>
  phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****'

/** `张小明` → `张*明`; `李四` → `李*`; `欧阳娜娜` → `欧**娜`. */
export function maskName(name: string): string {
  const chars = Array.from(name)
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

/** `330327199001011234` → `330327********1234`. */
export const maskIdCardNo = (idCardNo: string): string =>
  idCardNo.length === 18 ? `${idCardNo.slice(0, 6)}********${idCardNo.slice(-4)}` : '****'
