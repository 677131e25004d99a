// The Share dialog, for editors: make a share link for this postmortem with a role and an expiry,
// copy it, and see and revoke the active links (who made each, when it was last used). The
// server decides who may (see server/src/http/links.rs): the server key anything, an editor's
// share link links to its own postmortem lasting at most 90 days. The browser never reads a
// token; what it offers follows the role `/api/session` gave (roles.js).
//
// Open mode has no share links (everyone may already edit everything): there the dialog says
// that sharing needs a server key instead of offering controls that would fail.

import { h } from './dom.js'
import { createLink, listLinks, revokeLink } from './api.js'
import { whenEdited } from './labels.js'
import { abilities } from './roles.js'

const ROLES = [['viewer', 'Viewer: reads'], ['reviewer', 'Reviewer: reads and comments'], ['editor', 'Editor: edits and comments']]
const EXPIRIES = [['1d', '1 day'], ['7d', '7 days'], ['30d', '30 days'], ['90d', '90 days']]

const fromSeconds = (s) => new Date(s * 1000).toISOString()
const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })

/**
 * The Share button for postmortem `id`, or null for roles that may not share. `session` is the
 * server's `/api/session` answer; `onChange` runs after a link is made or revoked.
 */
export function shareButton ({ id, token, session, role, onChange }) {
  if (!abilities(role).editBody) return null
  return h('button', {
    type: 'button',
    class: 'button small',
    id: 'share',
    text: 'Share',
    onclick: () => openDialog({ id, token, open: session.mode === 'open', onChange })
  })
}

function openDialog ({ id, token, open, onChange }) {
  const close = h('button', { type: 'button', class: 'button', text: 'Close', onclick: () => dialog.close() })
  const dialog = h('dialog', { class: 'modal share-dialog', id: 'share-dialog', 'aria-labelledby': 'share-title' })
  dialog.addEventListener('close', () => dialog.remove())
  if (open) {
    dialog.append(h('div', { class: 'ask' },
      h('h2', { id: 'share-title', text: 'Share this postmortem' }),
      h('p', { class: 'share-open-mode', id: 'share-open-mode', text: 'This Debrief runs without a server key, so anyone who can reach it can already read and edit every postmortem: send them this page’s address. Share links, with a role and an expiry, need a server key (start Debrief with --auth-key).' }),
      h('div', { class: 'ask-actions' }, close)))
  } else {
    dialog.append(linkForm({ id, token, onChange, close }))
  }
  document.body.append(dialog)
  dialog.showModal()
}

function linkForm ({ id, token, onChange, close }) {
  const role = h('select', { id: 'share-role' }, ROLES.map(([value, text]) => h('option', { value, text })))
  const expiry = h('select', { id: 'share-expiry' }, EXPIRIES.map(([value, text]) => h('option', { value, text, selected: value === '7d' })))
  const problem = h('p', { class: 'notice small', role: 'alert', hidden: true })
  const created = h('div', { class: 'share-created', hidden: true })
  const list = h('ul', { class: 'share-links', id: 'share-links', 'aria-label': 'Active links' })

  const fail = (error) => { problem.textContent = error.message; problem.hidden = false }
  async function refresh () {
    try {
      const links = await listLinks(id, token)
      list.replaceChildren(...(links.length
        ? links.slice().reverse().map((link) => linkRow(link))
        : [h('li', { class: 'muted', text: 'No active links.' })]))
    } catch (error) { fail(error) }
  }
  function linkRow (link) {
    const revoke = h('button', {
      type: 'button',
      class: 'button small danger',
      text: 'Revoke',
      onclick: async () => {
        revoke.disabled = true
        try {
          await revokeLink(link.id, token)
          onChange?.()
          await refresh()
        } catch (error) { revoke.disabled = false; fail(error) }
      }
    })
    const time = (label, iso) => h('span', {}, label + ' ', h('time', { datetime: iso, title: dateTime.format(new Date(iso)), text: whenEdited(iso) }))
    return h('li', { class: 'share-link', dataset: { link: link.id, role: link.role } },
      h('div', { class: 'share-link-main' },
        h('strong', { class: 'share-link-role', text: link.role }),
        h('span', { class: 'share-link-by', text: 'by ' + (link.created_by?.name || 'unknown') })),
      h('div', { class: 'share-link-times' },
        time('made', fromSeconds(link.created)),
        h('span', { text: 'expires ' + dateTime.format(new Date(link.expires * 1000)) }),
        link.last_used ? time('last used', fromSeconds(link.last_used)) : h('span', { class: 'share-link-unused', text: 'not used yet' })),
      revoke)
  }

  async function create (event) {
    event.preventDefault()
    problem.hidden = true
    submit.disabled = true
    try {
      const link = await createLink(id, { role: role.value, expiresIn: expiry.value }, token)
      const url = h('input', { type: 'text', id: 'share-url', readonly: true, value: link.url, 'aria-label': 'Share link', spellcheck: false })
      const copy = h('button', {
        type: 'button',
        class: 'button primary',
        id: 'share-copy',
        text: 'Copy',
        onclick: async () => {
          url.select()
          try {
            await navigator.clipboard.writeText(link.url)
            copy.textContent = 'Copied'
          } catch {
            copy.textContent = 'Press Ctrl+C to copy'
          }
        }
      })
      created.replaceChildren(h('p', { text: `Anyone with this link can open this postmortem as ${link.role} until ${dateTime.format(new Date(link.expires * 1000))}.` }),
        h('div', { class: 'share-url-row' }, url, copy))
      created.hidden = false
      onChange?.()
      await refresh()
    } catch (error) { fail(error) } finally { submit.disabled = false }
  }

  const submit = h('button', { type: 'submit', class: 'button primary', id: 'share-create', text: 'Create link' })
  refresh()
  return h('form', { class: 'ask share', onsubmit: create },
    h('h2', { id: 'share-title', text: 'Share this postmortem' }),
    h('div', { class: 'share-options' },
      h('label', { class: 'field' }, h('span', { class: 'field-label', text: 'Role' }), role),
      h('label', { class: 'field' }, h('span', { class: 'field-label', text: 'Expires after' }), expiry)),
    problem,
    created,
    h('h3', { class: 'share-list-title', text: 'Active links' }),
    list,
    h('div', { class: 'ask-actions' }, close, submit))
}
