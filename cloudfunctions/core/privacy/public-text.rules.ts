import { maskName } from './privacy.rules'

/**
 * Personal data in free text that the public sees (the wish wall, activity pages, organization
 * pages): phone numbers and ID numbers are refused when the text is submitted, and the
 * beneficiary's name is masked when it is shown. Pure functions; the schemas and view builders
 * use them so that every public text field follows the same rule.
 */

export type PersonalNumberKind = 'mobile' | 'landline' | 'idCard'

export interface PersonalNumber {
  kind: PersonalNumberKind
  /** The text as typed (after full-width characters were made half-width). */
  text: string
}

/** Full-width digits, plus, hyphen, brackets and the ideographic space, as people type them on phones. */
function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\uFF38\uFF58]/g, 'X')
    .replace(/\uFF0B/g, '+')
    .replace(/[\uFF0D\u2010-\u2015\u2212]/g, '-')
    .replace(/\uFF08/g, '(')
    .replace(/\uFF09/g, ')')
    .replace(/\u3000/g, ' ')
}

/** One optional separator between digits: a space or a dash (`138 1234 5678`, `138-1234-5678`). */
const SEP = '[ \\t-]?'

/** Mainland mobile: 1[3-9] and 9 more digits, separators anywhere, optionally after +86 / 0086 / 86. */
const MOBILE = new RegExp(`(?<![\\dA-Za-z])(?:(?:\\+|00)?86${SEP})?1${SEP}[3-9](?:${SEP}\\d){9}(?![\\dA-Za-z])`, 'g')

/** Landline with its area code: `0577-64712345`, `(0577)6471 2345`, `057764712345`, 7 or 8 digits. */
const LANDLINE = new RegExp(`(?<![\\dA-Za-z])(?:\\(0\\d{2,3}\\)|0\\d{2,3})${SEP}[2-9]\\d{2,3}${SEP}\\d{4}(?![\\dA-Za-z])`, 'g')

/** A local number without area code, only right after a word that says it is one (`电话：64712345`). */
const LOCAL_NUMBER = new RegExp(`(?<=(?:电话|座机|手机|热线|号码|联系方式|tel|Tel|TEL)[:：\\s]{0,3})[2-9]\\d{2,3}${SEP}\\d{4}(?![\\dA-Za-z])`, 'g')

const MONTH = '(?:0[1-9]|1[0-2])'
const DAY = '(?:0[1-9]|[12]\\d|3[01])'

/** 18-digit ID number: region (first digit 1–8), birth date 19xx/20xx, sequence, check digit or X; spaces between the groups allowed. */
const ID_18 = new RegExp(`(?<![\\dA-Za-z])[1-8]\\d{5}${SEP}(?:19|20)\\d{2}${MONTH}${DAY}${SEP}\\d{3}[\\dXx](?![\\dA-Za-z])`, 'g')

/** 15-digit (first-generation) ID number: region, YYMMDD, sequence. */
const ID_15 = new RegExp(`(?<![\\dA-Za-z])[1-8]\\d{5}\\d{2}${MONTH}${DAY}\\d{3}(?![\\dA-Za-z])`, 'g')

const PATTERNS: [PersonalNumberKind, RegExp][] = [
  ['idCard', ID_18],
  ['idCard', ID_15],
  ['mobile', MOBILE],
  ['landline', LANDLINE],
  ['landline', LOCAL_NUMBER],
]

/** Every phone or ID number in `text`, in the order the patterns find them. */
export function findPersonalNumbers(text: string): PersonalNumber[] {
  const normal = toHalfWidth(text)
  const found: PersonalNumber[] = []
  for (const [kind, pattern] of PATTERNS) {
    for (const match of normal.matchAll(pattern)) found.push({ kind, text: match[0] })
  }
  return found
}

export const containsPersonalNumber = (text: string): boolean => findPersonalNumbers(text).length > 0

/** Whether free text may be shown to anyone: it holds no phone or ID number. */
export const isPublicSafe = (text: string): boolean => !containsPersonalNumber(text)

/** What a hidden number reads as in public text. */
export const HIDDEN_NUMBER = '（号码已隐藏）'

/**
 * Public text with every phone or ID number replaced by `（号码已隐藏）`: a second line of defence for
 * text stored before the check existed. Text without any number comes back unchanged (as typed).
 */
export function hidePersonalNumbers(text: string): string {
  if (!containsPersonalNumber(text)) return text
  let hidden = toHalfWidth(text)
  for (const [, pattern] of PATTERNS) hidden = hidden.replace(pattern, HIDDEN_NUMBER)
  return hidden
}

/** The field message: `心愿描述中不能包含手机号或身份证号，请删除后再提交`. */
export const personalNumberMessage = (label: string) => `${label}中不能包含手机号或身份证号，请删除后再提交`

/**
 * A text for the public with the beneficiary's full name masked exactly as in the name field
 * (`张小明` → `张*明`), wherever it was typed.
 */
export function maskNameInText(text: string, name: string): string {
  const trimmed = name.trim()
  if (Array.from(trimmed).length < 2) return text
  return text.split(trimmed).join(maskName(trimmed))
}
