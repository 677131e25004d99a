// One room's live document: the Yjs doc, its stock y-websocket provider, and an honest account
// of the connection and of whether every local edit has reached the server.
//
// "Saved" is measured, not guessed, and costs O(update) per edit (never a pass over the document):
//
// - What the server confirms (server/src/room/actor.rs): it stores every change it applies and
//   then sends it to every peer, the sender included (the echo); it greets every connection with
//   its sync step 1 (its state vector); and it answers a sync step 1 with a step 2 holding what
//   the asker lacks plus the document's whole delete set. A write it refuses (a read-only role)
//   is never sent back, so it never counts as saved.
// - What is unconfirmed: every update the provider sends (origin other than the provider itself,
//   whose own updates come from the server or another tab) adds, per client, a clock the server
//   must reach (Yjs integrates a client's items in clock order, so reaching it means holding all
//   before it) and the ranges of items it deleted. Recording that decodes the update, not the doc.
// - What confirms it: every sync message from the server. A step 1's state vector raises clocks;
//   a step 2 or update raises them to the end of its items and confirms the deletions it carries:
//   its delete set, and items it sends already deleted (GC structs, deleted content). A message
//   is decoded only while something is unconfirmed, so others' typing costs nothing here.
// - Lost echoes are made up on reconnect: the server's step 1 confirms inserts, its step 2 (to the
//   provider's step 1) confirms deletions, and the edits made offline go out in the provider's
//   step 2 and are echoed like any other.
//
// Only public API. y-websocket 3.1 (web/package-lock.json) has no "acknowledged" event; its
// README documents the constructor options, the status fields and the events, not
// `messageHandlers` (an internal table) nor `provider.ws`. So the socket is observed through the
// `WebSocketPolyfill` option (named so in its typings; the README spells it `WebsocketPolyfill`):
// a WebSocket that also reports its incoming messages here. They are read with lib0's decoding
// functions, y-protocols' message types and yjs's `decodeUpdate` / `decodeStateVector`.

import * as Y from 'yjs'
import { WebsocketProvider, messageSync } from 'y-websocket'
import * as syncProtocol from 'y-protocols/sync'
import * as decoding from 'lib0/decoding'

/**
 * Opens the room `id`, with a share-link `token` if there is one. `onState({connection, saved,
 * reason})` is called whenever either changes: `connection` is 'connecting' (first attempt or
 * syncing), 'live', 'offline' (lost, retrying), or 'ended' (the server closed the room for good,
 * e.g. 4401 for a revoked or expired link, `reason` says why; or `end(reason)` was called), after
 * which it never retries; `saved` is whether the server has confirmed every local change (true
 * when there is none). `isSent(type)` tells whether the server holds a Yjs type (e.g. a Y.Map)
 * integrated in this doc.
 */
export function openRoom (id, token, onState) {
  const unconfirmed = new Unconfirmed()
  let lost = false
  let ended = null // why the room was closed for good
  let last = null

  const report = () => {
    const connection = ended !== null ? 'ended' : provider.wsconnected && provider.synced ? 'live' : lost ? 'offline' : 'connecting'
    const saved = unconfirmed.empty()
    if (last && last.connection === connection && last.saved === saved) return
    last = { connection, saved, reason: ended }
    onState(last)
  }
  let scheduled = false
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    queueMicrotask(() => { scheduled = false; report() })
  }

  // The provider's sockets, reporting what the server sends.
  class ServerSocket extends WebSocket {
    constructor (url, protocols) {
      super(url, protocols)
      this.addEventListener('message', (event) => {
        if (unconfirmed.empty()) return
        unconfirmed.confirm(new Uint8Array(event.data))
        schedule()
      })
    }
  }

  const doc = new Y.Doc()
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const provider = new WebsocketProvider(`${scheme}//${location.host}/ws`, id, doc, {
    maxBackoffTime: 2500,
    params: token ? { token } : {},
    WebSocketPolyfill: ServerSocket
  })
  doc.on('update', (update, origin) => {
    if (origin === provider) return
    unconfirmed.add(update)
    schedule()
  })
  provider.on('status', schedule)
  provider.on('connection-close', () => { lost = true; schedule() })
  provider.on('sync', (synced) => { if (synced) lost = false; schedule() })
  // y-websocket stops retrying by itself on a 44xx close (its default `shouldReconnect`).
  provider.on('closed', ({ reason }) => end(reason || 'closed by the server'))
  schedule()

  function end (reason) {
    if (ended !== null) return
    ended = reason
    provider.disconnect()
    schedule()
  }

  return {
    doc,
    provider,
    end,
    isSent: (type) => unconfirmed.isSent(type._item.id),
    destroy () {
      provider.destroy()
      doc.destroy()
    }
  }
}

/**
 * The local changes the server has not confirmed yet: per client, the clock it must reach, and
 * the ranges of items deleted here ([start, end) clocks, sorted and disjoint). Exported for
 * web/bench/keystroke.js, which measures it.
 */
export class Unconfirmed {
  constructor () {
    this.clocks = new Map()
    this.deleted = new Map()
    this.held = new Map() // per client with unconfirmed items, the clock the server has reached
  }

  empty () {
    return this.clocks.size === 0 && this.deleted.size === 0
  }

  /** Records a local update. */
  add (update) {
    const { structs, ds } = Y.decodeUpdate(update)
    for (const struct of structs) {
      if (struct instanceof Y.Skip) continue
      const { client, clock } = struct.id
      this.clocks.set(client, Math.max(this.clocks.get(client) ?? 0, clock + struct.length))
    }
    for (const [client, items] of ds.clients) {
      const ranges = this.deleted.get(client) ?? []
      for (const { clock, len } of items) ranges.push([clock, clock + len])
      this.deleted.set(client, merge(ranges))
    }
  }

  /** Takes what a message from the server shows it holds. */
  confirm (message) {
    const decoder = decoding.createDecoder(message)
    if (decoding.readVarUint(decoder) !== messageSync) return
    const type = decoding.readVarUint(decoder)
    const payload = decoding.readVarUint8Array(decoder)
    if (type === syncProtocol.messageYjsSyncStep1) {
      for (const [client, clock] of Y.decodeStateVector(payload)) this.reached(client, clock)
    } else {
      const { structs, ds } = Y.decodeUpdate(payload)
      for (const struct of structs) {
        if (struct instanceof Y.Skip) continue
        const { client, clock } = struct.id
        this.reached(client, clock + struct.length)
        if (struct instanceof Y.GC || struct.content instanceof Y.ContentDeleted) {
          this.deletedThere(client, clock, clock + struct.length)
        }
      }
      for (const [client, items] of ds.clients) {
        for (const { clock, len } of items) this.deletedThere(client, clock, clock + len)
      }
    }
  }

  /** The server holds `client`'s items up to `clock`. */
  reached (client, clock) {
    const wanted = this.clocks.get(client)
    if (wanted === undefined) return
    if (wanted <= clock) {
      this.clocks.delete(client)
      this.held.delete(client)
    } else this.held.set(client, Math.max(this.held.get(client) ?? 0, clock))
  }

  /** Whether the server holds the item with Yjs id `{client, clock}` (as far as inserts go). */
  isSent ({ client, clock }) {
    return !this.clocks.has(client) || clock < (this.held.get(client) ?? 0)
  }

  /** The server has deleted `client`'s items [start, end). */
  deletedThere (client, start, end) {
    const ranges = this.deleted.get(client)
    if (!ranges) return
    const left = ranges.flatMap(([a, b]) => {
      if (b <= start || end <= a) return [[a, b]]
      return [[a, start], [end, b]].filter(([x, y]) => x < y)
    })
    if (left.length) this.deleted.set(client, left)
    else this.deleted.delete(client)
  }
}

/** Sorted, disjoint ranges covering the same clocks as `ranges`. */
function merge (ranges) {
  ranges.sort((x, y) => x[0] - y[0])
  const out = []
  for (const [a, b] of ranges) {
    const lastRange = out[out.length - 1]
    if (lastRange && a <= lastRange[1]) lastRange[1] = Math.max(lastRange[1], b)
    else out.push([a, b])
  }
  return out
}
