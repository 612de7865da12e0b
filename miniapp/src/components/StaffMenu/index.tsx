import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useSession } from '../../hooks/useSession'
import { can } from '../../services/session'
import type { MenuEntry } from '../../utils/menus'

interface StaffMenuProps {
  entries: readonly MenuEntry[]
  /** `links`: a row of short links; `list`: one row per entry with its note. */
  variant: 'links' | 'list'
}

/** Navigation entries the signed-in staff member's role may use; the others are not rendered. */
export default function StaffMenu({ entries, variant }: StaffMenuProps) {
  const session = useSession()
  const visible = entries.filter((entry) => can(session, entry.capability))
  const go = (url: string) => void Taro.navigateTo({ url })

  if (variant === 'links') {
    return (
      <View className="customers__links">
        {visible.map((entry) => (
          <View key={entry.hook} className={`customers__link ${entry.hook}`} onClick={() => go(entry.url)}>
            <Text>{entry.title}</Text>
          </View>
        ))}
      </View>
    )
  }
  return (
    <View>
      {visible.map((entry) => (
        <View key={entry.hook} className={`manager-entry ${entry.hook}`} onClick={() => go(entry.url)}>
          <View>
            <Text className="list-item__title">{entry.title}</Text>
            <Text className="list-item__meta">{entry.note}</Text>
          </View>
          <Text className="manager-entry__arrow">›</Text>
        </View>
      ))}
    </View>
  )
}
