import { useEffect, useMemo, useState } from 'react'
import { listDealerships } from '../services/dealerships'
import { isGroupAdmin, type Session } from '../services/session'
import type { DealershipRef } from '../services/api-types'
import { useAsync } from './useAsync'

export interface DealershipScope {
  /** Group admins pick a store; everyone else acts on their own (undefined = the server decides). */
  dealershipId: string | undefined
  /** The store the page acts on (for calls that need an id in the path). */
  effectiveId: string | null
  choices: DealershipRef[]
  choose: (id: string) => void
  /** Group admin still waiting for the store list. */
  pending: boolean
}

/** Which dealership a store-wide page works on. */
export function useDealershipScope(session: Session | null): DealershipScope {
  const admin = isGroupAdmin(session)
  const list = useAsync(() => listDealerships(), [admin], admin)
  const [chosen, setChosen] = useState('')
  const choices = useMemo(() => list.data?.items ?? [], [list.data])
  useEffect(() => {
    if (admin && !chosen && choices[0]) setChosen(choices[0].id)
  }, [admin, chosen, choices])
  const own = session?.kind === 'staff' ? session.staff.dealershipId : null
  return {
    dealershipId: admin ? chosen || undefined : undefined,
    effectiveId: admin ? chosen || null : own,
    choices,
    choose: setChosen,
    pending: admin && !chosen
  }
}
