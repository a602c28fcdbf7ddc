import ExcelJS from 'exceljs'
import { familyStatusLabels } from '../core/aid/aid.constants'
import type { AidApplicationDoc, AidProgramDoc } from '../core/aid/aid.rules'
import { formatDateTime } from '../core/time/beijing'

/**
 * 发放名单: the approved (and already disbursed) applications as an .xlsx workbook for the payment
 * run; ID numbers masked as everywhere. Its own module, loaded with `import()` when an export runs,
 * so that exceljs is not in the aid function's start (scripts/build-functions.ts).
 */
export async function approvedWorkbook(
  program: AidProgramDoc,
  applications: AidApplicationDoc[],
  now: Date,
): Promise<{ content: Buffer; fileName: string; totalYuan: number }> {
  const book = new ExcelJS.Workbook()
  book.creator = '公益苍南'
  const sheet = book.addWorksheet('发放名单')
  sheet.addRow([`${program.year}年${program.name} 发放名单`])
  sheet.addRow([`${program.orgName} · 导出时间 ${formatDateTime(now.toISOString())}`])
  sheet.addRow([])
  sheet.addRow(['序号', '姓名', '身份证号', '手机号', '户籍乡镇', '录取院校', '家庭情况', '资助档次', '金额（元）', '状态', '发放凭证号'])
  let totalYuan = 0
  applications.forEach((a, i) => {
    totalYuan += a.amountYuan ?? 0
    sheet.addRow([
      i + 1,
      a.applicant.name,
      a.applicant.idCardMasked,
      a.applicant.phone,
      a.applicant.hukouTownship,
      a.applicant.university,
      familyStatusLabels[a.applicant.familyStatus],
      a.tierLabel,
      a.amountYuan ?? 0,
      a.status === 'disbursed' ? '已发放' : '待发放',
      a.disbursement?.reference ?? '',
    ])
  })
  sheet.addRow([])
  sheet.addRow(['合计', `${applications.length}人`, '', '', '', '', '', '', totalYuan])
  sheet.getRow(1).font = { bold: true, size: 14 }
  sheet.getRow(4).font = { bold: true }
  sheet.columns.forEach((column, i) => {
    column.width = [6, 10, 22, 14, 12, 22, 14, 20, 12, 10, 20][i]
  })
  const content = Buffer.from(await book.xlsx.writeBuffer())
  const fileName = `发放名单-${program.name}-${formatDateTime(now.toISOString()).replace(/[: ]/g, '')}.xlsx`
  return { content, fileName, totalYuan }
}
