import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { PrivacyDialogHost } from '../../../components/privacy-dialog'
import { NOTICE_TITLE, NOTICE_UPDATED, noticeSections } from './notice'
import './index.scss'

/**
 * 隐私保护指引: the notice, reachable from 我的 and from the privacy dialog. Opened with
 * `?authorize=1` (a privacy API was called on a page without a dialog) it also asks for consent
 * and goes back once the person answered.
 */
export default function PrivacyNoticePage() {
  const { params } = useRouter()
  const authorizing = params.authorize === '1'
  return (
    <View className='gy-page gy-privacy-notice'>
      {/* focusable, so a keyboard can scroll the text (the page has nothing else to focus) */}
      <View className='gy-privacy-notice__card' {...(process.env.TARO_ENV === 'h5' ? { role: 'article', tabIndex: 0, 'aria-label': NOTICE_TITLE } : {})}>
        <Text className='gy-privacy-notice__title' {...(process.env.TARO_ENV === 'h5' ? { role: 'heading', 'aria-level': 2 } : {})}>
          {NOTICE_TITLE}
        </Text>
        <Text className='gy-privacy-notice__updated'>更新日期：{NOTICE_UPDATED}</Text>
        {noticeSections.map((section) => (
          <View key={section.title} className='gy-privacy-notice__section'>
            <Text className='gy-privacy-notice__heading' {...(process.env.TARO_ENV === 'h5' ? { role: 'heading', 'aria-level': 3 } : {})}>
              {section.title}
            </Text>
            {section.paragraphs.map((paragraph) => (
              <Text key={paragraph} className='gy-privacy-notice__paragraph'>
                {paragraph}
              </Text>
            ))}
          </View>
        ))}
      </View>
      {process.env.TARO_ENV === 'weapp' ? (
        <PrivacyDialogHost page='packages/about/privacy/index' onAnswered={() => (authorizing ? void Taro.navigateBack().catch(() => undefined) : undefined)} />
      ) : null}
    </View>
  )
}
