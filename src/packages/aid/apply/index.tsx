import { useCallback, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import type { AidProgramView } from '../../../../cloudfunctions/core/aid/aid.schema'
import { EmptyState } from '../../../components/empty-state'
import { PageError, PageLoading } from '../../../components/page-state'
import { listAidPrograms } from '../../../services/aid'
import { formatDate } from '../../../utils/time'
import { messageOf } from '../../../utils/toast'
import './index.scss'

type State = { kind: 'loading' } | { kind: 'ready'; programs: AidProgramView[] } | { kind: 'error'; message: string }

const windowLabels: Record<AidProgramView['window'], string> = { open: '受理中', upcoming: '未开始', closed: '已截止' }

/** 救助申请: the programmes (open ones first) with their tiers and rules in plain words; 我的申请. */
export default function AidProgramsPage() {
  const [state, setState] = useState<State>({ kind: 'loading' })

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', programs: await listAidPrograms() })
    } catch (error) {
      setState({ kind: 'error', message: messageOf(error) })
    }
  }, [])

  useDidShow(() => {
    void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className='gy-page gy-aid-programs'>
      <View className='gy-aid-programs__intro'>
        <Text className='gy-aid-programs__title'>救助申请</Text>
        <Text className='gy-aid-programs__lead'>身份证号等敏感信息加密保存、脱敏展示，只有你和项目审核人员可以查看，每次查看都有记录。</Text>
        <Button className='gy-aid-programs__mine' size='small' fill='outline' type='primary' onClick={() => void Taro.navigateTo({ url: '/packages/aid/mine/index' })}>
          我的申请
        </Button>
      </View>

      {state.kind === 'loading' ? <PageLoading skeletons={['review-card', 'review-card']} /> : null}
      {state.kind === 'error' ? <PageError title='救助项目加载失败' message={state.message} onRetry={() => { setState({ kind: 'loading' }); void load() }} /> : null}
      {state.kind === 'ready' && state.programs.length === 0 ? (
        <View className='gy-aid-programs__card'>
          <EmptyState illustration='coming-soon' title='暂无救助项目' description='社会组织开设救助项目后会显示在这里。' />
        </View>
      ) : null}
      {state.kind === 'ready'
        ? state.programs.map((program) => (
            <View key={program.programId} className={`gy-aid-programs__card gy-aid-program gy-aid-program--${program.window}`}>
              <View className='gy-aid-program__head'>
                <Text className='gy-aid-program__name'>
                  {program.year}年{program.name}
                </Text>
                <Text className={`gy-aid-program__window gy-aid-program__window--${program.window}`}>{windowLabels[program.window]}</Text>
              </View>
              <Text className='gy-aid-program__org'>
                {program.orgName} · {formatDate(program.opensAt)} 至 {formatDate(program.closesAt)}
              </Text>
              {program.description ? <Text className='gy-aid-program__description'>{program.description}</Text> : null}
              <View className='gy-aid-program__tiers'>
                {program.tiers.map((tier) => (
                  <View key={tier.code} className='gy-aid-program__tier'>
                    <Text className='gy-aid-program__tier-label'>{tier.label}</Text>
                    <Text className='gy-aid-program__tier-amount'>¥{tier.amountYuan.toLocaleString('en-US')}</Text>
                  </View>
                ))}
              </View>
              <Text className='gy-aid-program__rules-title'>申请条件</Text>
              {program.rulesText.map((line) => (
                <Text key={line} className='gy-aid-program__rule'>
                  · {line}
                </Text>
              ))}
              {program.window === 'open' ? (
                <Button
                  className='gy-aid-program__apply'
                  type='primary'
                  block
                  onClick={() => void Taro.navigateTo({ url: `/packages/aid/form/index?programId=${encodeURIComponent(program.programId)}` })}
                >
                  申请
                </Button>
              ) : null}
            </View>
          ))
        : null}
    </View>
  )
}
