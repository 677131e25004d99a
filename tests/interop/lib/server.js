// Starts and stops a real `debrief serve` child process for a test file.
//
// Each test file gets its own server on a free port (`--addr 127.0.0.1:0`) and its own data folder,
// so files are independent and may run in parallel. The server prints
// `Debrief is running at http://HOST:PORT/` on stdout once it listens; that line gives the URL.

import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

/** The server binary: `DEBRIEF_BIN` (set by the Makefile), else the workspace's debug build. */
export const debriefBin =
  process.env.DEBRIEF_BIN || path.resolve(here, '../../../target/debug/debrief')

const READY_LINE = /Debrief is running at (http:\/\/\S+?)\/?\s*$/m
const START_TIMEOUT_MS = 15000
const STOP_TIMEOUT_MS = 15000
const LOG_TAIL_CHARS = 20000

/** Every child still running, killed if the test process exits without stopping them. */
const running = new Set()
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/** A fresh, empty data folder, removed by `removeDataDir`. */
export function makeDataDir () {
  return mkdtempSync(path.join(tmpdir(), 'debrief-interop-'))
}

export function removeDataDir (dir) {
  rmSync(dir, { recursive: true, force: true })
}

/**
 * A running server. `url` is `http://127.0.0.1:PORT`, `wsUrl` the provider's server URL
 * (`ws://127.0.0.1:PORT/ws`).
 */
export class DebriefServer {
  constructor (child, url, dataDir, logs) {
    this.child = child
    this.url = url
    this.wsUrl = url.replace(/^http/, 'ws') + '/ws'
    this.port = Number(new URL(url).port)
    this.dataDir = dataDir
    this.logs = logs
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child)
        resolve({ code, signal })
      })
    })
  }

  /**
   * Starts `debrief serve` on `addr` with `dataDir` and resolves once it listens. Rejects, with
   * the server's output, if it exits or does not get ready in time.
   */
  static async start ({ dataDir, addr = '127.0.0.1:0', env = {} }) {
    const child = spawn(debriefBin, ['serve', '--addr', addr, '--data', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'info', ...env }
    })
    running.add(child)
    const logs = { text: '' }
    const keep = (chunk) => {
      logs.text = (logs.text + chunk).slice(-LOG_TAIL_CHARS)
    }
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', keep)

    const url = await new Promise((resolve, reject) => {
      let stdout = ''
      let ready = false
      const fail = (why) => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(new Error(`debrief serve (${debriefBin}) ${why}\n--- output ---\n${logs.text}`))
      }
      const timer = setTimeout(() => fail(`did not print its URL within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS)
      child.stdout.on('data', (chunk) => {
        keep(chunk)
        if (ready) return
        stdout += chunk
        const m = READY_LINE.exec(stdout)
        if (m) {
          ready = true
          clearTimeout(timer)
          resolve(m[1])
        }
      })
      child.once('error', (e) => fail(`could not start: ${e.message}`))
      child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`))
    })
    child.removeAllListeners('exit')
    return new DebriefServer(child, url, dataDir, logs)
  }

  get running () {
    return running.has(this.child)
  }

  /** Sends SIGTERM and resolves with the exit code; SIGKILLs and rejects if it hangs. */
  async stop () {
    if (!this.running) return this.exit
    this.child.kill('SIGTERM')
    let timer
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS)
    })
    const result = await Promise.race([this.exit, timeout])
    clearTimeout(timer)
    if (result === null) {
      this.child.kill('SIGKILL')
      await this.exit
      throw new Error(`debrief did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM\n--- output ---\n${this.logs.text}`)
    }
    return result
  }

  /** Kills the process with SIGKILL, as a crash would, and resolves once it is gone. */
  async kill () {
    this.child.kill('SIGKILL')
    return this.exit
  }

  /** Last lines of the server's output, for failure messages. */
  output () {
    return this.logs.text
  }

  /** `fetch` against this server; `pathname` starts with `/`. */
  fetch (pathname, init) {
    return fetch(this.url + pathname, init)
  }

  /** `GET /api/docs/{name}/update`: the document's full state as a Yjs v1 update. */
  async downloadUpdate (name) {
    const res = await this.fetch(`/api/docs/${name}/update`)
    const type = res.headers.get('content-type')
    if (res.status !== 200 || type !== 'application/octet-stream') {
      throw new Error(`GET /api/docs/${name}/update: ${res.status} ${type}: ${await res.text()}`)
    }
    return new Uint8Array(await res.arrayBuffer())
  }
}
