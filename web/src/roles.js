// What this browser may do with a postmortem, for the interface: the server enforces roles on
// every message (see README "Roles and share links"); the client only shows the right controls.
// The role is the server's answer to `GET /api/session` (api.js): the browser never reads a
// token, whose validity only the server can judge.

import './review.css'
import { h } from './dom.js'
import { navigate } from './router.js'
import { signInUrl } from './account.js'

const ROLES = {
  editor: { label: 'Editor', about: 'You can edit the text and comment.', editBody: true, comment: true },
  reviewer: { label: 'Reviewer', about: 'You can read the text and comment on it; only editors change the text.', editBody: false, comment: true },
  viewer: { label: 'Viewer', about: 'You can read the text and the comments.', editBody: false, comment: false }
}

/**
 * The interface role for a `session` (from `getSession`): a share link's role; editor in open mode
 * and with the server key, which may do everything an editor may.
 */
export const roleOf = (session) => (session.mode === 'links' ? session.role : 'editor')

/**
 * Whether a `session` reaches beyond one postmortem (the list, the action items of all): not a
 * share link's, which opens one postmortem only, so its pages offer no way to the others.
 */
export const seesAllPostmortems = (session) => session.mode !== 'links'

/** {label, about, editBody, comment} of `role`. */
export const abilities = (role) => ROLES[role]

/** The role badge for the top bar. */
export const roleBadge = (role) =>
  h('span', { class: 'role-badge', id: 'role', dataset: { role }, title: ROLES[role].about, text: ROLES[role].label })

/** What non-editors see where the formatting toolbar would be. */
export function readOnlyBar (role) {
  const hint = role === 'reviewer' ? 'Select text and press Comment to leave a remark.' : 'Comments are read-only too.'
  return h('div', { class: 'read-only-bar', id: 'read-only-bar', role: 'note' },
    h('strong', { text: 'Read-only' }), ' · ', hint)
}

/** True for errors that mean "no or no valid share link" (401) or "not this one" (403). */
export const isAccessError = (error) => error.status === 401 || error.status === 403

/**
 * The page for someone without a (valid) share link: explains what to do and takes a pasted
 * link. `error` is the server's refusal.
 */
export function shareLinkNeeded (error) {
  const input = h('input', { type: 'url', id: 'share-link', class: 'search', placeholder: 'Paste a share link: https://…/p/…?token=…', 'aria-label': 'Share link', autocomplete: 'off' })
  const problem = h('p', { class: 'notice', role: 'alert', hidden: true })
  const open = (event) => {
    event.preventDefault()
    try {
      const url = new URL(input.value.trim(), location.href)
      if (!/^\/p\/[^/]+\/?$/.test(url.pathname) || !url.searchParams.get('token')) throw new Error()
      navigate(url.pathname + url.search)
    } catch {
      problem.textContent = 'That is not a share link: it looks like …/p/{id}?token=….'
      problem.hidden = false
    }
  }
  const expired = error.status === 401 && /expired|revoked|invalid/.test(error.message)
  if (error.login) {
    return h('div', { class: 'access-needed', id: 'access-needed' },
      h('h2', { text: 'Sign in to Debrief' }),
      h('p', { text: 'This Debrief signs people in with your organisation’s account.' }),
      h('a', { class: 'button primary', href: signInUrl(error.login), text: 'Sign in' }))
  }
  return h('div', { class: 'access-needed', id: 'access-needed' },
    h('h2', { text: error.status === 403 ? 'Your link is for another postmortem' : expired ? 'This link no longer works' : 'This Debrief needs a share link' }),
    h('p', {
      text: error.status === 403
        ? 'A share link opens one postmortem. Ask its owner for a link to this one.'
        : (expired ? `The server says: ${error.message}. ` : 'Postmortems here are shared through links, each for one postmortem as editor, reviewer or viewer. ') +
          'Ask the postmortem’s owner (or whoever runs Debrief) for a link, and open it or paste it here.'
    }),
    h('form', { class: 'share-link-form', onsubmit: open }, input, h('button', { type: 'submit', class: 'button primary', text: 'Open' })),
    problem)
}
