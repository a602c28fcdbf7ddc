import { useCallback, useState } from 'react'
import type { HoursView } from '../../cloudfunctions/core/activity/activity.schema'
import { getMyHours } from '../services/activity'

/**
 * The signed-in volunteer's service hours (志愿服务时长) for 我的. Null until loaded, and for anyone
 * who is not a volunteer; a failed load keeps the last figure rather than interrupting the page.
 */
export function useMyHours() {
  const [hours, setHours] = useState<HoursView | null>(null)
  const refresh = useCallback(async (isVolunteer: boolean) => {
    if (!isVolunteer) {
      setHours(null)
      return
    }
    try {
      setHours(await getMyHours())
    } catch {
      // 我的 still shows everything else; the entry reads 查看 instead of a figure
    }
  }, [])
  return { hours, refresh }
}
