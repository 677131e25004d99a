// Real Yjs clients: `Y.Doc`s synced through the stock `y-websocket` provider, as a browser would.
//
// Providers here never use BroadcastChannel (`disableBc`): in one Node process it would sync the
// docs with each other directly and hide what the server does. Everything goes over WebSockets.

import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

import { waitFor } from './wait.js'

/** Opens providers and destroys all of them at the end of a test, pass or fail. */
export class Clients {
  constructor () {
    this.open = []
  }

  /**
   * A new `Y.Doc` (or `doc`) connected to `server`'s room `docName`. Resolves once the provider
   * is synced, unless `waitSynced` is false.
   */
  async connect (server, docName, { doc = new Y.Doc(), waitSynced = true, ...options } = {}) {
    const provider = new WebsocketProvider(server.wsUrl, docName, doc, {
      WebSocketPolyfill: WebSocket,
      disableBc: true,
      maxBackoffTime: 500,
      ...options
    })
    const client = { doc, provider }
    this.open.push(client)
    if (waitSynced) await synced(provider)
    return client
  }

  destroyAll () {
    for (const { doc, provider } of this.open.splice(0)) {
      provider.destroy()
      doc.destroy()
    }
  }
}

/** Waits until the provider has received the server's sync step 2. */
export function synced (provider, timeout) {
  return waitFor(() => provider.synced, { timeout, message: `provider of '${provider.roomname}' to be synced` })
}

/**
 * Drops the provider's socket without a close handshake and without telling the server
 * anything (no awareness removal), as a crashed browser tab or a lost network would.
 */
export function killConnection (provider) {
  provider.shouldConnect = false
  provider.ws.terminate()
}
