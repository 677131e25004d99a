// Watching a provider's WebSocket traffic, to check what the server sends it.

import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { messageSync } from 'y-websocket'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'

const SYNC_KINDS = { [messageYjsSyncStep1]: 'step1', [messageYjsSyncStep2]: 'step2', [messageYjsUpdate]: 'update' }

/**
 * Records every sync message the provider's current socket receives, as `{ kind, update }`
 * (`update` decoded with `Y.decodeUpdate` for step2 and update messages).
 */
export function recordSyncMessages (provider) {
  const seen = []
  provider.ws.addEventListener('message', (event) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data))
    if (decoding.readVarUint(decoder) !== messageSync) return
    const kind = SYNC_KINDS[decoding.readVarUint(decoder)]
    const payload = decoding.readVarUint8Array(decoder)
    seen.push({ kind, update: kind === 'step1' ? null : Y.decodeUpdate(payload) })
  })
  return seen
}

/** The highest clock + 1 of `client`'s inserts in the recorded updates: what the server echoed. */
export function echoedClock (seen, client) {
  let clock = 0
  for (const { update } of seen) {
    for (const s of update?.structs ?? []) {
      if (s.id.client === client) clock = Math.max(clock, s.id.clock + s.length)
    }
  }
  return clock
}

/** Whether the recorded updates delete `[clock, clock + len)` of `client`. */
export function echoedDeletion (seen, client, clock, len) {
  return seen.some(({ update }) =>
    (update?.ds.clients.get(client) ?? []).some((d) => d.clock <= clock && clock + len <= d.clock + d.len))
}
