import ExcelJS from 'exceljs'
import type { ActionContext } from '../core/handler'
import { orgKindLabels, type OrgKind } from '../core/org/org.constants'
import { activityIndexSettings } from '../core/settings/activity-index'
import { storeFile, temporaryUrls } from '../core/storage.store'
import type { countySummary, OrgActivityRow } from '../core/stats/stats.rules'
import { formatDateTime } from '../core/time/beijing'


/** 活跃指数 ranking as an .xlsx workbook through the storage API; returns a temporary link. */
export async function exportOrgActivity(ctx: Pick<ActionContext, 'now'>, year: number, rows: OrgActivityRow[], county: ReturnType<typeof countySummary>) {
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
  const fileName = `活跃指数-${year}-${formatDateTime(ctx.now.toISOString()).replace(/[: ]/g, '')}.xlsx`
  const fileID = await storeFile(`exports/stats/${year}-${ctx.now.getTime()}.xlsx`, content)
  const [url] = await temporaryUrls([fileID], 3600)
  if (!url) throw new Error('no temporary URL for the stats export')
  return { fileID, url, fileName }
}
