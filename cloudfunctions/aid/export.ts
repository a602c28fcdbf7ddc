import ExcelJS from 'exceljs'
import { familyStatusLabels } from '../core/aid/aid.constants'
import type { AidApplicationDoc, AidProgramDoc } from '../core/aid/aid.rules'
import { listByStatus } from '../core/aid/aid.store'
import type { ActionContext } from '../core/handler'
import { storeFile, temporaryUrls } from '../core/storage.store'
import { formatDateTime } from '../core/time/beijing'

/**
 * 发放名单: the approved (and already disbursed) applications as an .xlsx workbook for the payment
 * run, stored through the storage API; ID numbers masked as everywhere. Each row read is logged.
 */
export async function exportApproved(
  ctx: Pick<ActionContext, 'db' | 'now'>,
  program: AidProgramDoc,
  logReads: (applications: AidApplicationDoc[]) => Promise<void>,
): Promise<{ fileID: string; url: string; fileName: string; count: number; totalYuan: number }> {
  const applications = await listByStatus(ctx.db, program._id, ['approved', 'disbursed'])
  await logReads(applications)
  const book = new ExcelJS.Workbook()
  book.creator = '公益苍南'
  const sheet = book.addWorksheet('发放名单')
  sheet.addRow([`${program.year}年${program.name} 发放名单`])
  sheet.addRow([`${program.orgName} · 导出时间 ${formatDateTime(ctx.now.toISOString())}`])
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
  const fileName = `发放名单-${program.name}-${formatDateTime(ctx.now.toISOString()).replace(/[: ]/g, '')}.xlsx`
  const fileID = await storeFile(`exports/aid/${program._id}/${ctx.now.getTime()}.xlsx`, content)
  const [url] = await temporaryUrls([fileID], 3600)
  if (!url) throw new Error('no temporary URL for the aid export')
  return { fileID, url, fileName, count: applications.length, totalYuan }
}
