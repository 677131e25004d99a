// Documents outlive the server: after SIGTERM and a new start on the same data folder, providers
// see everything, and a provider that stayed open through the restart resyncs both ways.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import * as Y from 'yjs'

import { synced } from '../lib/clients.js'
import { converged, describeDocs, docState, TEXT, XML } from '../lib/docs.js'
import { RandomEditor } from '../lib/random.js'
import { restartServer, serverForSuite, startServerAgain, stopServer } from '../lib/suite.js'
import { waitFor } from '../lib/wait.js'

describe('server restart', () => {
  // Compact often, so the restarts below read a snapshot plus a log, not only a log.
  const ctx = serverForSuite({ env: { DEBRIEF_COMPACT_EVERY: '7' } })
  const { clients } = ctx

  it('a new provider sees everything after restarts', async () => {
    const rooms = ['restart-a', 'restart-b']
    const expected = {}
    for (const [r, name] of rooms.entries()) {
      const peers = await Promise.all([0, 1, 2].map(() => clients.connect(ctx.server, name)))
      const docs = peers.map((p) => p.doc)
      const editors = docs.map((_, i) => new RandomEditor(1000 * (r + 1) + i))
      for (let round = 0; round < 30; round++) {
        docs.forEach((doc, i) => doc.transact(() => {
          editors[i].editText(doc)
          editors[i].editXml(doc)
        }))
        await new Promise((resolve) => setImmediate(resolve))
      }
      await waitFor(() => converged(docs), { message: `${name} to converge`, describe: () => describeDocs(docs) })
      expected[name] = docState(docs[0])
      assert.ok(expected[name].text.length > 0 && expected[name].xml.length > 0)
    }
    clients.destroyAll()

    await restartServer(ctx)
    for (const name of rooms) {
      const { doc } = await clients.connect(ctx.server, name)
      assert.deepEqual(docState(doc), expected[name], `${name} after the first restart`)
    }
    const listed = await (await ctx.server.fetch('/api/docs')).json()
    for (const name of rooms) assert.ok(listed.some((d) => d.name === name), `${name} listed in ${JSON.stringify(listed)}`)

    // Edit again, restart again: the log written after the first restart is kept too.
    const { doc } = await clients.connect(ctx.server, rooms[0])
    doc.getText(TEXT).insert(0, 'after the first restart\n', { bold: true })
    const witness = await clients.connect(ctx.server, rooms[0])
    await waitFor(() => converged([doc, witness.doc]), { message: 'the new edit to reach a second provider' })
    const afterEdit = docState(doc)
    clients.destroyAll()

    await restartServer(ctx)
    const again = await clients.connect(ctx.server, rooms[0])
    assert.deepEqual(docState(again.doc), afterEdit)
    assert.ok(again.doc.getText(TEXT).toString().startsWith('after the first restart\n'))
  })

  it('a provider that stays open through a restart resyncs its offline edits', async () => {
    const name = 'restart-offline'
    const stayer = await clients.connect(ctx.server, name)
    stayer.doc.getText(TEXT).insert(0, 'before the restart. ')
    const other = await clients.connect(ctx.server, name)
    await waitFor(() => converged([stayer.doc, other.doc]), { message: 'the first edit to reach the other provider' })
    other.provider.destroy()

    const port = await stopServer(ctx)
    await waitFor(() => !stayer.provider.wsconnected, { message: 'the provider to notice the server is gone' })

    // Edited while the server is down: only this provider has it.
    stayer.doc.getText(TEXT).insert(stayer.doc.getText(TEXT).length, 'written offline.')
    stayer.doc.getXmlFragment(XML).insert(0, [new Y.XmlElement('offline')])

    await startServerAgain(ctx, port)
    await synced(stayer.provider) // it reconnects by itself
    const fresh = await clients.connect(ctx.server, name)
    await waitFor(() => converged([stayer.doc, fresh.doc]), { message: 'offline edits to reach a new provider', describe: () => describeDocs([stayer.doc, fresh.doc]) })
    assert.equal(fresh.doc.getText(TEXT).toString(), 'before the restart. written offline.')
    assert.equal(fresh.doc.getXmlFragment(XML).toString(), '<offline></offline>')
  })
  it('an edit another provider has seen survives kill -9', async () => {
    const name = 'restart-crash'
    const writer = await clients.connect(ctx.server, name)
    const watcher = await clients.connect(ctx.server, name)
    const editor = new RandomEditor(77)
    // Many small updates, so the kill lands amid log appends and background compactions.
    for (let i = 0; i < 40; i++) {
      writer.doc.transact(() => {
        editor.editText(writer.doc)
        editor.editXml(writer.doc)
      })
    }
    await waitFor(() => converged([writer.doc, watcher.doc]), { message: 'the watcher to see every edit' })
    const seen = docState(watcher.doc)

    // Killed with the providers still connected; they are closed before the new start, so they
    // cannot resend what the server might have lost.
    const crashed = ctx.server
    ctx.server = null
    assert.equal((await crashed.kill()).signal, 'SIGKILL')
    clients.destroyAll()
    await startServerAgain(ctx, crashed.port)
    const reader = await clients.connect(ctx.server, name)
    assert.deepEqual(docState(reader.doc), seen)
  })
})
