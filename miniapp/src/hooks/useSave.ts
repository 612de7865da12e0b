import { useState } from 'react'
import { errorMessage } from '../services/request'

export interface SaveMessage {
  ok: boolean
  text: string
}

/**
 * The save button of a settings form: `saving` while the write runs, then a message — `done`
 * when it worked, the server's words when it did not. `save` answers the written value, or
 * null when it failed.
 */
export function useSave() {
  const [saving, setSaving] = useState(false)
  const [message, setMessage] = useState<SaveMessage | null>(null)

  async function save<T>(write: () => Promise<T>, done: string): Promise<T | null> {
    setSaving(true)
    setMessage(null)
    try {
      const written = await write()
      setMessage({ ok: true, text: done })
      return written
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
      return null
    } finally {
      setSaving(false)
    }
  }

  return { saving, message, setMessage, save }
}
