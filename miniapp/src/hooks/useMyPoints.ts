import { useState } from 'react'
import { useAsync } from './useAsync'
import { useSession } from './useSession'
import { getMyPoints } from '../services/points'
import type { PointsAccount } from '../services/api-types'

/** The owner's points accounts (one per bound dealership) and the one the page shows. */
export function useMyPoints(initialDealershipId?: string) {
  const session = useSession()
  const isOwner = session?.kind === 'owner'
  const accounts = useAsync(() => getMyPoints(), [isOwner], isOwner)
  const [chosen, setChosen] = useState<string | undefined>(initialDealershipId)
  const list: PointsAccount[] = accounts.data?.accounts ?? []
  const current = list.find((a) => a.dealershipId === chosen) ?? list[0]
  return { isOwner, accounts, list, current, choose: setChosen }
}

/** Chip options of the owner's dealerships (shown only when there are several). */
export const dealershipOptions = (list: readonly PointsAccount[]) => list.map((a) => ({ value: a.dealershipId, label: a.dealershipName || '门店' }))
