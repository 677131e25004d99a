// Documents outlive the server: after SIGTERM and a new start on the same data folder, providers
// see everything, and a provider that stayed open through the restart resyncs both ways.

import assert from 'node:assert/strict'
import { after, afterEach, before, describe, it } from 'node:test'

import * as Y from 'yjs'

import { Clients } from '../lib/clients.js'
import { converged, describeDocs, docState, TEXT, XML } from '../lib/docs.js'
import { RandomEditor } from '../lib/random.js'
import { DebriefServer, makeDataDir, removeDataDir } from '../lib/server.js'
import { waitFor } from '../lib/wait.js'

const EXIT_OK = { code: 0, signal: null }

describe('server restart', () => {
  let server
  let dataDir
  const clients = new Clients()

  /** Stops the running server (it must exit 0) and starts a new one on the same folder and port. */
  async function restart (env) {
    const port = server.port
    const stopped = server
    server = null
    assert.deepEqual(await stopped.stop(), EXIT_OK, stopped.output())
    server = await DebriefServer.start({ dataDir, addr: `127.0.0.1:${port}`, env })
  }

  before(async () => {
    dataDir = makeDataDir()
    // Compact often, so the restarts below read a snapshot plus a log, not only a log.
    server = await DebriefServer.start({ dataDir, env: { DEBRIEF_COMPACT_EVERY: '7' } })
  })

  afterEach(() => clients.destroyAll())

  after(async () => {
    clients.destroyAll()
    if (server) assert.deepEqual(await server.stop(), EXIT_OK, server.output())
    removeDataDir(dataDir)
  })

  it('a new provider sees everything after restarts', async () => {
    const rooms = ['restart-a', 'restart-b']
    const expected = {}
    for (const [r, name] of rooms.entries()) {
      const peers = await Promise.all([0, 1, 2].map(() => clients.connect(server, name)))
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

    await restart()
    for (const name of rooms) {
      const { doc } = await clients.connect(server, name)
      assert.deepEqual(docState(doc), expected[name], `${name} after the first restart`)
    }
    const listed = await (await server.fetch('/api/docs')).json()
    for (const name of rooms) assert.ok(listed.some((d) => d.name === name), `${name} listed in ${JSON.stringify(listed)}`)

    // Edit again, restart again: the log written after the first restart is kept too.
    const { doc } = await clients.connect(server, rooms[0])
    doc.getText(TEXT).insert(0, 'after the first restart\n', { bold: true })
    const witness = await clients.connect(server, rooms[0])
    await waitFor(() => converged([doc, witness.doc]), { message: 'the new edit to reach a second provider' })
    const afterEdit = docState(doc)
    clients.destroyAll()

    await restart()
    const again = await clients.connect(server, rooms[0])
    assert.deepEqual(docState(again.doc), afterEdit)
    assert.ok(again.doc.getText(TEXT).toString().startsWith('after the first restart\n'))
  })

  it('a provider that stays open through a restart resyncs its offline edits', async () => {
    const name = 'restart-offline'
    const stayer = await clients.connect(server, name)
    stayer.doc.getText(TEXT).insert(0, 'before the restart. ')
    const other = await clients.connect(server, name)
    await waitFor(() => converged([stayer.doc, other.doc]), { message: 'the first edit to reach the other provider' })
    other.provider.destroy()

    const port = server.port
    assert.deepEqual(await server.stop(), EXIT_OK, server.output())
    server = null
    await waitFor(() => !stayer.provider.wsconnected, { message: 'the provider to notice the server is gone' })

    // Edited while the server is down: only this provider has it.
    stayer.doc.getText(TEXT).insert(stayer.doc.getText(TEXT).length, 'written offline.')
    stayer.doc.getXmlFragment(XML).insert(0, [new Y.XmlElement('offline')])

    server = await DebriefServer.start({ dataDir, addr: `127.0.0.1:${port}` })
    await waitFor(() => stayer.provider.synced, { message: 'the provider to reconnect and sync by itself' })
    const fresh = await clients.connect(server, name)
    await waitFor(() => converged([stayer.doc, fresh.doc]), { message: 'offline edits to reach a new provider', describe: () => describeDocs([stayer.doc, fresh.doc]) })
    assert.equal(fresh.doc.getText(TEXT).toString(), 'before the restart. written offline.')
    assert.equal(fresh.doc.getXmlFragment(XML).toString(), '<offline></offline>')
  })
})
