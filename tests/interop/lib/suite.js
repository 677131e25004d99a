// The setup every test file shares: one server for the file, providers closed after each test,
// and the server stopped with SIGTERM at the end, which must make it exit 0.

import assert from 'node:assert/strict'
import { after, afterEach, before } from 'node:test'

import { Clients } from './clients.js'
import { DebriefServer, makeDataDir, removeDataDir } from './server.js'

export const EXIT_OK = { code: 0, signal: null }

/**
 * Registers the hooks of the enclosing `describe` and returns its context: `server` (replaceable,
 * e.g. by a restart), `dataDir` and `clients`. `env` is passed to the server.
 */
export function serverForSuite ({ env } = {}) {
  const ctx = { server: null, dataDir: null, clients: new Clients() }

  before(async () => {
    ctx.dataDir = makeDataDir()
    ctx.server = await DebriefServer.start({ dataDir: ctx.dataDir, env })
  })

  afterEach(() => ctx.clients.destroyAll())

  after(async () => {
    ctx.clients.destroyAll()
    try {
      if (ctx.server) assert.deepEqual(await ctx.server.stop(), EXIT_OK, ctx.server.output())
    } finally {
      removeDataDir(ctx.dataDir)
    }
  })

  return ctx
}

/** Stops `ctx.server` with SIGTERM (it must exit 0) and returns the port it listened on. */
export async function stopServer (ctx) {
  const stopped = ctx.server
  ctx.server = null
  assert.deepEqual(await stopped.stop(), EXIT_OK, stopped.output())
  return stopped.port
}

/** Starts `ctx.server` again on the suite's data folder and `port`, so providers find it again. */
export async function startServerAgain (ctx, port) {
  ctx.server = await DebriefServer.start({ dataDir: ctx.dataDir, addr: `127.0.0.1:${port}` })
}

/** Stops `ctx.server` and starts a new one on the same data folder and port. */
export async function restartServer (ctx) {
  await startServerAgain(ctx, await stopServer(ctx))
}
