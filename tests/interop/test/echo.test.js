// The handshake and the echo, as y-websocket sees them: the provider gets synced, and every local
// edit comes back from the server (the sender included), which confirms it without side effects.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import * as Y from 'yjs'

import { synced } from '../lib/clients.js'
import { converged, docFromUpdate, docState, TEXT, XML } from '../lib/docs.js'
import { serverForSuite } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'
import { echoedClock, echoedDeletion, recordSyncMessages } from '../lib/wire.js'

describe('sync handshake and echo', () => {
  const ctx = serverForSuite()
  const { clients } = ctx

  /** A provider whose received sync messages and lost connections are recorded from the start. */
  async function watched (name, doc) {
    const client = await clients.connect(ctx.server, name, { doc, waitSynced: false })
    const seen = recordSyncMessages(client.provider)
    const closes = []
    client.provider.on('connection-close', (event) => closes.push(event?.code ?? 'local'))
    await synced(client.provider)
    return { ...client, seen, closes }
  }

  it('a provider syncs with a new document, and the server asks for its state', async () => {
    const a = await watched('handshake-new')
    // The server sent its state (step 2, which sets `synced`) and asked for ours (step 1).
    assert.ok(a.seen.some((m) => m.kind === 'step2'), 'sync step 2 received')
    assert.ok(a.seen.some((m) => m.kind === 'step1'), 'sync step 1 received')
    assert.equal(a.provider.wsconnected, true)
  })

  it('content made before connecting reaches the server through the handshake', async () => {
    const doc = new Y.Doc()
    doc.getText(TEXT).insert(0, 'drafted offline', { italic: true })
    doc.getXmlFragment(XML).insert(0, [new Y.XmlElement('heading')])
    const a = await watched('handshake-offline', doc)
    const b = await clients.connect(ctx.server, 'handshake-offline')
    await waitFor(() => converged([a.doc, b.doc]), { message: 'the offline draft to reach a second provider' })
    assert.deepEqual(docState(b.doc), docState(doc))
  })

  it('every local edit is echoed to its sender, which stays synced and unchanged', async () => {
    const a = await watched('echo')
    const text = a.doc.getText(TEXT)
    const me = a.doc.clientID

    for (let i = 0; i < 20; i++) text.insert(text.length, `${i} `)
    text.format(0, 4, { bold: true })
    a.doc.getXmlFragment(XML).insert(0, [new Y.XmlElement('p')])
    const clock = Y.getState(a.doc.store, me)
    await waitFor(() => echoedClock(a.seen, me) === clock, {
      message: `the server to echo all ${clock} local changes`,
      describe: () => `echoed up to ${echoedClock(a.seen, me)}`
    })

    // A deletion is a delete set with no new structs: it is echoed too. ('0 ' is clocks 0 and 1.)
    text.delete(0, 2)
    await waitFor(() => echoedDeletion(a.seen, me, 0, 2), { message: 'the deletion to be echoed' })

    // Applying its own echo changed nothing and broke nothing.
    const expected = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 '
    assert.equal(text.toString(), expected)
    assert.equal(a.provider.synced, true)
    assert.equal(a.provider.wsconnected, true)
    assert.deepEqual(a.closes, [])
    assert.equal(Y.getState(a.doc.store, me), clock, 'no new local change came from the echo')

    // What was confirmed is what the server keeps.
    assert.deepEqual(docState(docFromUpdate(await ctx.server.downloadUpdate('echo'))), docState(a.doc))
  })

  it('remote edits arrive as updates and the provider needs no resync', async () => {
    const a = await watched('echo-remote')
    const b = await clients.connect(ctx.server, 'echo-remote')
    const stepsBefore = a.seen.filter((m) => m.kind !== 'update').length
    b.doc.getText(TEXT).insert(0, 'from b')
    await waitFor(() => a.doc.getText(TEXT).toString() === 'from b', { message: "b's edit at a" })
    assert.ok(echoedClock(a.seen, b.doc.clientID) > 0, "b's edit came as an update message")
    assert.equal(a.seen.filter((m) => m.kind !== 'update').length, stepsBefore, 'no new handshake was needed')
    assert.deepEqual(a.closes, [])
  })
})
