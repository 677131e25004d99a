// One postmortem's live document: the Yjs doc, its stock y-websocket provider, and an honest
// account of the connection and of whether every local edit has reached the server.
//
// "Saved" is measured, not guessed: every sync message from the server is also applied to a
// mirror document, which therefore holds exactly what the server has confirmed (it echoes each
// applied update to its sender, and answers a sync step 1 sent from the mirror's state after each
// reconnect). The local edits are saved when the doc and the mirror have the same snapshot
// (state vector and delete set), so deletions count too.

import * as Y from 'yjs'
import { WebsocketProvider, messageSync } from 'y-websocket'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'

/**
 * Opens the room `id`, with a share-link `token` if there is one. `onState({connection, saved})`
 * is called whenever either changes: `connection` is 'connecting' (first attempt or syncing),
 * 'live', or 'offline' (lost, retrying).
 */
export function openRoom (id, token, onState) {
  const doc = new Y.Doc()
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const params = token ? { token } : {}
  const provider = new WebsocketProvider(`${scheme}//${location.host}/ws`, id, doc, { maxBackoffTime: 2500, params })
  const mirror = new Y.Doc()
  let lost = false
  let last = null

  const report = () => {
    const connection = provider.wsconnected && provider.synced ? 'live' : lost ? 'offline' : 'connecting'
    const saved = Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(mirror))
    if (last && last.connection === connection && last.saved === saved) return
    last = { connection, saved }
    onState(last)
  }
  let scheduled = false
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    queueMicrotask(() => { scheduled = false; report() })
  }

  // Messages from the server (not from other tabs, which arrive with emitSynced = false) also
  // go to the mirror.
  const handleSync = provider.messageHandlers[messageSync]
  provider.messageHandlers[messageSync] = (encoder, decoder, provider, emitSynced, type) => {
    if (emitSynced) {
      const copy = decoding.createDecoder(decoder.arr.subarray(decoder.pos))
      syncProtocol.readSyncMessage(copy, encoding.createEncoder(), mirror, 'server')
    }
    handleSync(encoder, decoder, provider, emitSynced, type)
    schedule()
  }

  provider.on('status', ({ status }) => {
    if (status === 'connected') {
      // Ask for everything the mirror lacks: the server's answer confirms edits that reached it
      // just before the connection dropped, whose echo was lost.
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, messageSync)
      syncProtocol.writeSyncStep1(encoder, mirror)
      provider.ws.send(encoding.toUint8Array(encoder))
    }
    schedule()
  })
  provider.on('connection-close', () => { lost = true; schedule() })
  provider.on('sync', (synced) => { if (synced) lost = false; schedule() })
  doc.on('update', schedule)
  schedule()

  return {
    doc,
    provider,
    destroy () {
      provider.destroy()
      doc.destroy()
      mirror.destroy()
    }
  }
}
