import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

export default function Index() {
  return (
    <View>
      <Button type="primary" className="e2e-x">你好</Button>
    </View>
  )
}
