// "All changes saved" means the server has confirmed every local change, in the body and in the
// comments, deletions included, and it never shows while offline. Between the page and the
// server, a relay (Playwright's WebSocket routing) can hold what the page sends or drop what the
// server answers, to show the state follows the server's confirmations, not the page's sending.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  useServer, startServer, personPage, openPostmortem, createPostmortem,
  waitLive, waitSaved, bodyText, clickIntoSection, selectPhrase, comment
} from './lib/harness.js'

const env = useServer()

const MARKDOWN = `# Disk full on the build cache

## Summary

The cache disk filled up overnight and builds failed until someone cleared it by hand.
`

const saveText = (page) => page.textContent('#save-status')
const isSaved = async (page) => (await page.getAttribute('#save-status', 'data-saved')) === 'true'
const exported = async (created) => (await fetch(env.server.url + created.exportUrl)).text()

/** Deletes the first occurrence of `phrase` with Backspace, and waits until the editor has. */
async function deletePhrase (page, phrase) {
  await selectPhrase(page, phrase)
  await page.waitForFunction((phrase) => { // the editor reads the DOM selection asynchronously
    const { state } = window.debrief.editor
    return state.doc.textBetween(state.selection.from, state.selection.to) === phrase
  }, phrase)
  await page.keyboard.press('Backspace')
  await page.waitForFunction((phrase) => !window.debrief.editor.getText().includes(phrase), phrase)
}

/** Waits until the server's export of `created` satisfies `ok`. */
async function serverHas (created, ok) {
  for (let i = 0; i < 200; i++) {
    if (ok(await exported(created))) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  assert.fail('the server never got the edit:\n' + await exported(created))
}

/** Comments `text` on `phrase` and waits until the page shows it. */
async function commentShown (page, phrase, text) {
  await comment(page, phrase, text)
  await page.locator('#comment-margin .comment-body', { hasText: text }).waitFor()
}

/**
 * Routes the page's sockets to room `room` through a relay. `hold()` keeps what the page sends
 * from then on, `release()` sends it on; `dropAnswers()` drops what the server sends on the
 * current connections; `cut()` closes them (the page reconnects, through the relay again).
 */
async function relay (page, room) {
  let holding = false
  const held = []
  const connections = []
  await page.routeWebSocket((url) => url.pathname === '/ws/' + room, (ws) => {
    const server = ws.connectToServer()
    const connection = { ws, dropping: false }
    connections.push(connection)
    ws.onMessage((message) => holding ? held.push([server, message]) : server.send(message))
    server.onMessage((message) => { if (!connection.dropping) ws.send(message) })
  })
  return {
    hold () { holding = true },
    release () {
      holding = false
      for (const [server, message] of held.splice(0)) server.send(message)
    },
    dropAnswers () { for (const c of connections) c.dropping = true },
    async cut () { for (const c of connections.splice(0)) await c.ws.close() }
  }
}

test('offline it never says saved; back online, saved once the server has the body edits, a deletion and a comment', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN })
  const page = await personPage(env.browser, 'Ines Ortiz')
  await openPostmortem(page, env.server.url, created.id)
  await waitSaved(page)
  assert.equal(await saveText(page), 'All changes saved')

  const { port } = env.server
  await env.server.stop()
  await page.waitForSelector('#connection[data-state="offline"]')
  // Nothing unsent yet, and still not "saved": the server cannot be asked.
  assert.equal(await isSaved(page), false)
  assert.notEqual(await saveText(page), 'All changes saved')

  await clickIntoSection(page, 'Summary')
  await page.keyboard.type(' Nobody was paged. Typo')
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace') // text that never reaches the server
  await deletePhrase(page, 'overnight ')
  await commentShown(page, 'builds failed', 'Which builds, and for how long?')
  assert.equal(await isSaved(page), false)
  assert.equal(await saveText(page), 'Unsaved changes will sync when back online')

  env.server = await startServer({ dataDir: env.data.dir, port })
  await waitLive(page)
  await waitSaved(page)
  assert.equal(await saveText(page), 'All changes saved')
  const markdown = await exported(created)
  assert.match(markdown, /The cache disk filled up and builds failed until someone cleared it by hand\. Nobody was paged\./)

  // Someone arriving now gets the comment from the server.
  const later = await personPage(env.browser, 'Jon Berg')
  await openPostmortem(later, env.server.url, created.id)
  await later.locator('#comment-margin .comment-body', { hasText: 'Which builds, and for how long?' }).waitFor()
  await Promise.all([page.context().close(), later.context().close()])
})

test('a comment the server has not confirmed keeps the page from saying saved, though the body is', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN })
  const page = await personPage(env.browser, 'Kai Lund')
  const comments = await relay(page, created.id + '.comments')
  await openPostmortem(page, env.server.url, created.id)
  await waitSaved(page)

  comments.hold()
  await commentShown(page, 'cleared it by hand', 'Is there a runbook for this?')
  await clickIntoSection(page, 'Summary')
  await page.keyboard.type(' Builds resumed at 07:10.')
  await serverHas(created, (md) => md.includes('Builds resumed at 07:10.'))
  // The body's edit is confirmed and both sockets are live, but the comment has not arrived.
  await page.waitForFunction(() => document.querySelector('#save-status').textContent === 'Saving…')
  assert.equal(await page.getAttribute('#connection', 'data-state'), 'live')
  assert.equal(await isSaved(page), false)

  comments.release()
  await waitSaved(page)
  const later = await personPage(env.browser, 'Lea Voss')
  await openPostmortem(later, env.server.url, created.id)
  await later.locator('#comment-margin .comment-body', { hasText: 'Is there a runbook for this?' }).waitFor()
  await Promise.all([page.context().close(), later.context().close()])
})

test('a deletion counts until the server confirms it, and edits whose confirmation was lost are confirmed after reconnecting', async () => {
  const created = await createPostmortem(env.server.url, { markdown: MARKDOWN })
  const page = await personPage(env.browser, 'Mia Holt')
  const body = await relay(page, created.id)
  await openPostmortem(page, env.server.url, created.id)
  await waitSaved(page)

  // A deletion alone (no new text) is unsaved until the server has it.
  body.hold()
  await deletePhrase(page, ' by hand')
  await page.waitForFunction(() => document.querySelector('#save-status').dataset.saved === 'false')
  assert.equal(await saveText(page), 'Saving…')
  body.release()
  await waitSaved(page)
  assert.match(await exported(created), /until someone cleared it\.\n/)

  // The server gets an insertion and a deletion, but its echoes never reach the page: not saved.
  body.dropAnswers()
  await clickIntoSection(page, 'Summary')
  await page.keyboard.type(' Alerts now fire at 80%.')
  await deletePhrase(page, 'overnight ')
  await serverHas(created, (md) => md.includes('Alerts now fire at 80%.') && !md.includes('overnight'))
  assert.equal(await isSaved(page), false)
  // After a reconnect, the server's greeting and its answer to the page's sync confirm both.
  await body.cut()
  await waitLive(page)
  await waitSaved(page)
  assert.equal(await bodyText(page).then((t) => t.includes('The cache disk filled up and builds failed')), true)
  await page.context().close()
})
