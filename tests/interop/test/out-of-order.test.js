// A change can reach a stock client before the server has it: browser tabs share changes over
// BroadcastChannel, so a tab may build on another tab's change that is still on its way. The
// server does not apply an update that builds on what it lacks; it asks the sender (a sync
// step 1), and the stock provider answers with everything the server is missing.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import * as Y from 'yjs'

import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

describe('an update that builds on a change the server lacks', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  it('is completed by its sender when the server asks, without a reconnect', async () => {
    const bob = await clients.connect(ctx.server, 'out-of-order')
    const carol = await clients.connect(ctx.server, 'out-of-order')
    const socket = bob.provider.ws

    // Another tab's change reaches Bob's document the way BroadcastChannel delivers it: applied
    // with the provider as its origin, so the provider does not send it to the server.
    const tab = new Y.Doc()
    tab.getText('text').insert(0, 'root cause: ')
    Y.applyUpdate(bob.doc, Y.encodeStateAsUpdate(tab), bob.provider)
    // Bob builds on it; only his own change goes to the server.
    bob.doc.getText('text').insert(12, 'an expired certificate')

    await waitFor(() => carol.doc.getText('text').toString() === 'root cause: an expired certificate', {
      message: "Bob's change, and the one it builds on, at Carol",
      describe: () => JSON.stringify(carol.doc.getText('text').toString())
    })
    assert.equal(bob.provider.ws, socket, 'Bob stayed on the same connection')
    assert.ok(bob.provider.wsconnected)

    // A newcomer gets the whole text from the server.
    const dave = await clients.connect(ctx.server, 'out-of-order')
    assert.equal(dave.doc.getText('text').toString(), 'root cause: an expired certificate')
    tab.destroy()
  })
})
