import ExcelJS from 'exceljs'
import type { RosterEntry } from '../core/activity/activity.schema'
import type { ActivityDoc } from '../core/activity/activity.store'
import { formatDateTime } from '../core/time/beijing'

/**
 * The roster as an .xlsx workbook. Its own module because exceljs and its zip libraries are the
 * heaviest thing in the activity function: `roster.ts` imports it with `import()`, and the build
 * (scripts/build-functions.ts) makes every dynamic import its own file, loaded on the first export.
 */
const statusLabels: Record<RosterEntry['status'], string> = {
  pending: '处理中',
  confirmed: '已报名',
  waitlisted: '候补',
  cancelled: '已取消',
  released: '活动取消',
  walk_in: '现场加入',
}

export async function rosterWorkbook(activity: ActivityDoc, roster: RosterEntry[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = '公益苍南'
  const sheet = book.addWorksheet('报名名单')
  sheet.addRow([activity.title])
  sheet.addRow([`${activity.orgName} · ${formatDateTime(activity.startAt)}–${formatDateTime(activity.endAt).slice(11)} · ${activity.township}${activity.address}`])
  sheet.addRow([])
  sheet.addRow(['序号', '姓名', '手机号', '报名状态', '签到时间', '签退时间', '服务时长（分钟）', '时长已确认'])
  roster.forEach((entry, i) => {
    sheet.addRow([
      i + 1,
      entry.realName,
      entry.phone ?? '',
      entry.status === 'waitlisted' ? `候补第${entry.waitlistPosition}位` : statusLabels[entry.status],
      entry.checkInAt ? formatDateTime(entry.checkInAt) : '',
      entry.checkOutAt ? formatDateTime(entry.checkOutAt) : '',
      entry.minutes,
      entry.hoursConfirmed ? '是' : '否',
    ])
  })
  sheet.getRow(1).font = { bold: true, size: 14 }
  sheet.getRow(4).font = { bold: true }
  sheet.columns.forEach((column, i) => {
    column.width = [6, 12, 16, 14, 18, 18, 16, 12][i]
  })
  return Buffer.from(await book.xlsx.writeBuffer())
}
