import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import { orgKindLabels, orgStatusLabels } from '../../../../cloudfunctions/core/org/org.constants'
import type { OrgView } from '../../../../cloudfunctions/core/org/org.schema'
import { ResultCard } from '../../../components/result-card'
import { OrgRegisterForm } from './components/org-register-form'
import './index.scss'

const WHO_CAN_REGISTER = ['在苍南县民政部门登记的社会团体、民办非企业单位、基金会', '在乡镇（街道）备案的社区社会组织']
const STEPS = ['填写组织信息', '县社会组织服务中心审核', '认证通过后开展服务']

/** 组织入驻 (organization registration): a social organization applies to be verified; the applicant becomes its admin. */
export default function OrgRegisterPage() {
  const [registered, setRegistered] = useState<OrgView | null>(null)

  if (registered) {
    return (
      <View className='gy-page gy-org-register'>
        <ResultCard
          className='gy-org-register__result'
          title='已提交认证申请'
          name={registered.name}
          tags={[
            { text: orgKindLabels[registered.kind], tone: 'neutral' },
            { text: orgStatusLabels[registered.status], tone: registered.status },
          ]}
          text='县社会组织服务中心将在3个工作日内审核，结果会显示在组织工作台中。审核期间你已是该组织的管理员，可以先邀请工作人员加入。'
        >
          <Button
            className='gy-org-register__result-workbench'
            type='primary'
            block
            size='large'
            onClick={() => void Taro.navigateTo({ url: `/packages/org/workbench/index?orgId=${encodeURIComponent(registered.orgId)}` })}
          >
            进入组织工作台
          </Button>
          <Button className='gy-org-register__result-mine' block size='large' onClick={() => void Taro.switchTab({ url: '/pages/mine/index' })}>
            返回我的
          </Button>
        </ResultCard>
      </View>
    )
  }

  return (
    <View className='gy-page gy-org-register'>
      <View className='gy-org-register__intro'>
        <Text className='gy-org-register__title'>社会组织入驻公益苍南</Text>
        <Text className='gy-org-register__lead'>认证通过后，组织可以发布志愿服务活动、审核微心愿、组织爱心车队。</Text>
        <View className='gy-org-register__who'>
          <Text className='gy-org-register__who-title'>可申请入驻的组织</Text>
          {WHO_CAN_REGISTER.map((item) => (
            <View key={item} className='gy-org-register__who-item'>
              <View className='gy-org-register__who-dot' />
              <Text className='gy-org-register__who-text'>{item}</Text>
            </View>
          ))}
        </View>
        <View className='gy-org-register__steps'>
          {STEPS.map((step, index) => (
            <View key={step} className='gy-org-register__step'>
              <Text className='gy-org-register__step-no'>{index + 1}</Text>
              <Text className='gy-org-register__step-text'>{step}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='gy-org-register__form'>
        <OrgRegisterForm
          onRegistered={(org) => {
            setRegistered(org)
            void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
          }}
        />
      </View>
    </View>
  )
}
