// Awareness (who is here, where their cursor is) travels between providers through the server,
// reaches late joiners, and disappears when its owner leaves, whether politely or not.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { killConnection } from '../lib/clients.js'
import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

/** The awareness state `observer` holds for `subject`'s client, or undefined. */
function seenBy (observer, subject) {
  return observer.provider.awareness.getStates().get(subject.doc.clientID)
}

/**
 * Connects a provider that announces itself, as every real editor does. (y-protocols ignores a
 * state with clock 0, so a client that never set a field stays invisible for 15 s, with any server.)
 */
async function join (clients, server, room, name) {
  const client = await clients.connect(server, room)
  client.provider.awareness.setLocalStateField('user', { name })
  return client
}

function describeStates (client) {
  return () => JSON.stringify([...client.provider.awareness.getStates()])
}

describe('awareness', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  it('reaches the other providers of the room, updates included, and late joiners', async () => {
    const alice = await clients.connect(ctx.server, 'aware-relay')
    const bob = await join(clients, ctx.server, 'aware-relay', 'Bob')
    const elsewhere = await join(clients, ctx.server, 'aware-other-room', 'Eve')

    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#c33' })
    await waitFor(() => seenBy(bob, alice)?.user?.name === 'Alice', { message: "Alice's state at Bob", describe: describeStates(bob) })

    alice.provider.awareness.setLocalStateField('cursor', { anchor: 4, head: 9 })
    await waitFor(() => seenBy(bob, alice)?.cursor?.head === 9, { message: "Alice's cursor at Bob", describe: describeStates(bob) })
    assert.deepEqual(seenBy(bob, alice), { user: { name: 'Alice', color: '#c33' }, cursor: { anchor: 4, head: 9 } })

    // Someone opening the document now sees who is already there.
    const carol = await join(clients, ctx.server, 'aware-relay', 'Carol')
    await waitFor(() => seenBy(carol, alice)?.cursor?.head === 9 && seenBy(carol, bob)?.user?.name === 'Bob', {
      message: 'Alice and Bob at the late joiner Carol',
      describe: describeStates(carol)
    })
    await waitFor(() => seenBy(alice, carol) && seenBy(bob, carol), { message: 'Carol at Alice and Bob', describe: describeStates(alice) })

    // Another room hears nothing of this one.
    assert.equal(seenBy(elsewhere, alice), undefined)
    assert.deepEqual([...elsewhere.provider.awareness.getStates().keys()], [elsewhere.doc.clientID])
  })

  it('is removed when its provider disconnects', async () => {
    const alice = await join(clients, ctx.server, 'aware-leave', 'Alice')
    const bob = await join(clients, ctx.server, 'aware-leave', 'Bob')
    await waitFor(() => seenBy(bob, alice)?.user, { message: "Alice's state at Bob", describe: describeStates(bob) })

    alice.provider.disconnect()
    await waitFor(() => seenBy(bob, alice) === undefined, { message: "Alice's state to leave Bob", describe: describeStates(bob) })
  })

  it('is removed by the server when a connection drops without a goodbye', async () => {
    const alice = await join(clients, ctx.server, 'aware-drop', 'Alice')
    const bob = await join(clients, ctx.server, 'aware-drop', 'Bob')
    const carol = await join(clients, ctx.server, 'aware-drop', 'Carol')
    await waitFor(() => seenBy(bob, alice) && seenBy(carol, alice) && seenBy(bob, carol) && seenBy(carol, bob), {
      message: 'everyone to see everyone',
      describe: describeStates(carol)
    })

    // The socket just dies: the client sends no awareness removal, only the server can tell.
    killConnection(alice.provider)
    await waitFor(() => seenBy(bob, alice) === undefined && seenBy(carol, alice) === undefined, {
      message: "the server to remove Alice's state from Bob and Carol",
      describe: describeStates(bob)
    })
    // The others are untouched.
    assert.ok(seenBy(bob, carol) && seenBy(carol, bob))

    // And a newcomer is not shown the departed client either.
    const dave = await join(clients, ctx.server, 'aware-drop', 'Dave')
    await waitFor(() => seenBy(dave, bob) && seenBy(dave, carol), { message: 'Bob and Carol at Dave', describe: describeStates(dave) })
    assert.equal(seenBy(dave, alice), undefined)
  })
})
