import { useCallback, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { defaultExamDay, type SessionView } from '../../../../../cloudfunctions/core/ride/ride.rules'
import { formatDate } from '../../../../../cloudfunctions/core/time/beijing'
import { listRideSessions } from '../../../../services/ride'
import { group, pressable } from '../../../../utils/a11y'
import { formatMonthDayWeekday } from '../../../../utils/time'
import './index.scss'

export interface ExamDay {
  sessionId: string
  date: string
}

export type ExamDayState =
  | { kind: 'loading' }
  | { kind: 'ready'; sessions: SessionView[]; day: ExamDay | null }
  | { kind: 'error'; error: unknown }

/** The exam sessions and the chosen day (`?sessionId=&date=` when given, else the next exam day). */
export function useExamDay(initial: Partial<ExamDay>) {
  const [state, setState] = useState<ExamDayState>({ kind: 'loading' })
  const load = useCallback(async () => {
    try {
      const sessions = await listRideSessions()
      setState((previous) => {
        const kept = previous.kind === 'ready' ? previous.day : null
        const asked = initial.sessionId && initial.date && sessions.some((s) => s.sessionId === initial.sessionId && s.days.includes(initial.date as string)) ? (initial as ExamDay) : null
        return { kind: 'ready', sessions, day: kept ?? asked ?? defaultExamDay(sessions, formatDate(new Date().toISOString())) }
      })
    } catch (error) {
      setState({ kind: 'error', error })
    }
    // the page's first parameters only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const choose = (day: ExamDay) => setState((previous) => (previous.kind === 'ready' ? { ...previous, day } : previous))
  return { state, load, choose }
}

export interface ExamDayTabsProps {
  sessions: SessionView[]
  day: ExamDay
  onChange: (day: ExamDay) => void
}

/** 场次 and 考试日 as tabs (a session has at most five days), for the fleet console's pages. */
export function ExamDayTabs({ sessions, day, onChange }: ExamDayTabsProps) {
  const session = sessions.find((s) => s.sessionId === day.sessionId)
  return (
    <View className='gy-exam-day-tabs'>
      {sessions.length > 1 ? (
        <View className='gy-exam-day-tabs__row' {...group('tablist', '送考场次')}>
          {sessions.map((s) => (
            <View
              key={s.sessionId}
              className={`gy-exam-day-tabs__chip${s.sessionId === day.sessionId ? ' gy-exam-day-tabs__chip--active' : ''}`}
              {...pressable({ role: 'tab', selected: s.sessionId === day.sessionId })}
              onClick={() => onChange({ sessionId: s.sessionId, date: s.days[0] })}
            >
              <Text>{s.name}</Text>
            </View>
          ))}
        </View>
      ) : (
        <Text className='gy-exam-day-tabs__session'>{session?.name}</Text>
      )}
      <View className='gy-exam-day-tabs__row' {...group('tablist', '考试日')}>
        {(session?.days ?? []).map((date) => (
          <View
            key={date}
            className={`gy-exam-day-tabs__chip gy-exam-day-tabs__day${date === day.date ? ' gy-exam-day-tabs__chip--active' : ''}`}
            {...pressable({ role: 'tab', selected: date === day.date })}
            onClick={() => onChange({ sessionId: day.sessionId, date })}
          >
            <Text>{formatMonthDayWeekday(`${date}T12:00:00+08:00`)}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

export default ExamDayTabs
