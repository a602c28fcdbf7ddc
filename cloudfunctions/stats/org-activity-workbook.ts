import ExcelJS from 'exceljs'
import { orgKindLabels, type OrgKind } from '../core/org/org.constants'
import { activityIndexSettings } from '../core/settings/activity-index'
import type { countySummary, OrgActivityRow } from '../core/stats/stats.rules'
import { formatDateTime } from '../core/time/beijing'


/**
 * 活跃指数 ranking as an .xlsx workbook. Its own module, loaded with `import()` when an export runs,
 * so that exceljs is not in the stats function's start (scripts/build-functions.ts).
 */
export async function orgActivityWorkbook(now: Date, year: number, rows: OrgActivityRow[], county: ReturnType<typeof countySummary>): Promise<{ content: Buffer; fileName: string }> {
  const book = new ExcelJS.Workbook()
  book.creator = '公益苍南'
  const sheet = book.addWorksheet(`${year}年活跃指数`)
  const w = activityIndexSettings.weights
  sheet.addRow([`${year}年 社会组织活跃指数`])
  sheet.addRow([`平均活跃度 ${county.averageIndex}（目标 ${county.targets.averageIndex2022}/${county.targets.averageIndex2023}）；全年开展活动的组织 ${county.heldThisYear}/${county.organizations}；计算公式：频次×${w.frequency} + 参与人数×${w.reach} + 参与深度×${w.depth}`])
  sheet.addRow([])
  sheet.addRow(['排名', '组织', '类型', '乡镇', '活跃指数', '开展活动', '参与人数', '服务时长（小时）', '圆梦心愿', '一季度', '二季度', '三季度', '四季度', '全年开展过活动'])
  rows.forEach((row, i) => {
    sheet.addRow([
      i + 1, row.orgName, orgKindLabels[row.kind as OrgKind] ?? row.kind, row.township, row.year.index, row.year.activitiesHeld, row.year.participants,
      Math.round((row.year.serviceMinutes / 60) * 10) / 10, row.year.wishesFulfilled,
      ...row.quarters.map((q) => (q.active ? '活跃' : '—')), row.year.heldThisYear ? '是' : '否（未开展）',
    ])
  })
  sheet.getRow(1).font = { bold: true, size: 14 }
  sheet.getRow(4).font = { bold: true }
  const content = Buffer.from(await book.xlsx.writeBuffer())
  const fileName = `活跃指数-${year}-${formatDateTime(now.toISOString()).replace(/[: ]/g, '')}.xlsx`
  return { content, fileName }
}
