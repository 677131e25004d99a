// Who is signed in, top right of every page, when the server signs people in with an identity
// provider: the member's name and "Sign out", or "Sign in" when `/api/session` answers 401 with a
// `login` address (see server/src/http/session.rs). Nothing in open mode or with share links.

import { h } from './dom.js'
import { getSession } from './api.js'

/** The account bar; fills itself once the server has said who this browser is. */
export function accountBar () {
  const bar = h('div', { class: 'account', id: 'account' })
  getSession().then((session) => {
    if (session.mode !== 'member') return
    bar.append(
      h('span', { class: 'account-name', id: 'account-name', title: session.email, text: session.name }),
      h('form', { method: 'post', action: '/auth/logout' },
        h('button', { type: 'submit', class: 'button', id: 'sign-out', text: 'Sign out' })))
    bar.dataset.state = 'signed-in'
  }, (error) => {
    if (!error.login) return
    bar.append(h('a', { class: 'button primary', id: 'sign-in', href: signInUrl(error.login), text: 'Sign in' }))
    bar.dataset.state = 'signed-out'
  })
  return bar
}

/** The sign-in address `login`, returning to this page. */
export const signInUrl = (login) => `${login}?next=${encodeURIComponent(location.pathname + location.search)}`
