// What every browser test needs: a real `debrief serve` on 127.0.0.1 with its own data folder,
// Debian's chromium driven by playwright-core, and pages that wait for conditions rather than
// sleeping.

import { before, after, afterEach } from 'node:test'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

const repo = resolve(import.meta.dirname, '../../..')
const bin = process.env.DEBRIEF_BIN || join(repo, 'target/debug/debrief')
const webDir = join(repo, 'web/dist')

/** A fresh data folder, removed by `cleanup()`. */
export function tempDataDir () {
  const dir = mkdtempSync(join(tmpdir(), 'debrief-e2e-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * Starts `debrief serve` (with extra `args`) and resolves once it prints its URL. `port` 0 picks
 * a free one; pass the port of a stopped server to restart it in the same place.
 */
export async function startServer ({ dataDir, port = 0, args = [] }) {
  const child = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--data', dataDir, '--web-dir', webDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' }
  })
  let log = ''
  child.stderr.on('data', (chunk) => { log += chunk })
  const lines = createInterface({ input: child.stdout })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('debrief serve did not start in time:\n' + log)), 15_000)
    lines.on('line', (line) => {
      const match = /Debrief is running at (http:\/\/\S+?)\/?$/.exec(line)
      if (match) { clearTimeout(timer); resolve(match[1]) }
    })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`debrief serve exited (${code}):\n${log}`)) })
  })
  return {
    url,
    port: Number(new URL(url).port),
    /** What the server has written to stderr so far (warnings and errors, at the default level). */
    log: () => log,
    /** Stops the server gracefully and waits for it to exit. */
    async stop () {
      if (child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
  }
}

/**
 * Gives this test file a server (started with extra `args`, on `port` if given) with a fresh data
 * folder and, unless `browser` is false, a browser: started before its tests (then `setup(env)`
 * runs), stopped after; a failed test prints the end of the server's log. Replace `env.server`
 * to restart it.
 */
export function useServer ({ browser = true, args, port, setup } = {}) {
  const env = {}
  before(async () => {
    env.data = tempDataDir()
    env.server = await startServer({ dataDir: env.data.dir, port, args })
    if (browser) env.browser = await launchBrowser()
    await setup?.(env)
  })
  // A failed test shows what the server logged (warnings and errors at the default level: a
  // panic, a store error, an identity provider it could not reach), the only trace of a failure
  // it answered politely.
  afterEach((t) => {
    if (t.passed || !env.server) return
    const lines = env.server.log().trimEnd().split('\n').slice(-40).join('\n')
    console.error(`--- the server's log, last 40 lines, after "${t.name}" failed ---\n${lines}`)
  })
  after(async () => {
    await env.browser?.close()
    await env.server?.stop()
    env.data?.cleanup()
  })
  return env
}

function launchBrowser () {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Every server a test uses is on 127.0.0.1; any other host name fails at once rather than
    // waiting on a network that is not there (the test provider's pages link a web font).
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1']
  })
}

/**
 * A new browser context (a separate person) whose name is already remembered, unless `name` is
 * null. Returns its first page, not yet navigated.
 */
export async function personPage (browser, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  if (name !== null) {
    await context.addInitScript((n) => {
      if (!localStorage.getItem('debrief.name')) localStorage.setItem('debrief.name', n)
    }, name)
  }
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  return page
}

/** Opens a postmortem and waits until it is live and editable. */
export async function openPostmortem (page, baseUrl, id) {
  await page.goto(`${baseUrl}/p/${id}`)
  await waitLive(page)
  await page.waitForSelector('.editor-page[data-ready="true"]')
}

export const waitLive = (page) => page.waitForSelector('#connection[data-state="live"]')
export const waitSaved = (page) => page.waitForSelector('#save-status[data-saved="true"]', { state: 'attached' })

/** The text of the document in the editor (without collaborators' caret labels). */
export const bodyText = (page) => page.evaluate(() => window.debrief.editor.getText())

/** Creates a postmortem through the API (with the server `key`, if any); resolves to its summary. */
export async function createPostmortem (baseUrl, { title, markdown, key } = {}) {
  const headers = key ? { authorization: `Bearer ${key}` } : {}
  const response = await fetch(`${baseUrl}/api/postmortems`, markdown === undefined
    ? { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title }) }
    : { method: 'POST', headers: { ...headers, 'content-type': 'text/markdown' }, body: markdown })
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`)
  return response.json()
}

/** Creates a share link for postmortem `id` with the server `key`; resolves to `{id, token, url}`. */
export async function createShareLink (baseUrl, { key, id, role = 'editor', expiresIn = '1h' }) {
  const response = await fetch(`${baseUrl}/api/postmortems/${id}/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, expires_in: expiresIn })
  })
  if (response.status !== 201) throw new Error(`share link failed: ${response.status} ${await response.text()}`)
  return response.json()
}

/** Puts the caret at the end of the paragraph following the heading `heading`. */
export async function clickIntoSection (page, heading) {
  const paragraph = page.locator('.tiptap h2', { hasText: heading }).locator('xpath=following-sibling::*[1]')
  await paragraph.click()
  await page.keyboard.press('End')
}

/** Selects the first occurrence of `phrase` in the document, as the mouse would (a DOM selection). */
export async function selectPhrase (page, phrase) {
  await page.evaluate((phrase) => {
    const root = document.querySelector('.tiptap')
    root.focus()
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.data.indexOf(phrase)
      if (at < 0) continue
      const range = document.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + phrase.length)
      document.getSelection().removeAllRanges()
      document.getSelection().addRange(range)
      return
    }
    throw new Error('phrase not found: ' + phrase)
  }, phrase)
}

/** Comments `text` on `phrase`: selects it, presses "+ Comment", writes and posts. */
export async function comment (page, phrase, text) {
  await selectPhrase(page, phrase)
  await page.click('#add-comment')
  await page.fill('#new-thread textarea', text)
  await page.click('#new-thread .draft-submit')
}
