import { Text, View } from '@tarojs/components'

/** The same hero text as 首页, and nothing else. */
export default function Index() {
  return (
    <View style={{ padding: '24px' }}>
      <Text style={{ fontSize: '28px', fontWeight: 'bold' }}>公益苍南</Text>
      <View>
        <Text>让每一份善意，都能找到需要它的人</Text>
      </View>
    </View>
  )
}
