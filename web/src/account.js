// Who is signed in, above every page, when the server signs people in with an identity
// provider: the member's name and "Sign out", or "Sign in" when `/api/session` answers 401 with a
// `login` address (see server/src/http/session.rs). Nothing in open mode or with share links.
// It shows the answers the pages already ask for (`getSession` without a token, api.js) rather
// than asking again.

import { h } from './dom.js'

const bar = h('div', { class: 'account', id: 'account' })

/** The account bar, empty until a page asks the server who this browser is. */
export const accountBar = () => bar

/** Shows the server's `answer` (a promise of `/api/session`) in the account bar. */
export function showAccount (answer) {
  answer.then((session) => {
    if (session.mode !== 'member') return bar.replaceChildren()
    bar.replaceChildren(
      h('span', { class: 'account-name', id: 'account-name', title: session.email, text: session.name }),
      h('form', { method: 'post', action: '/auth/logout' },
        h('button', { type: 'submit', class: 'button', id: 'sign-out', text: 'Sign out' })))
  }, (error) => {
    if (!error.login) return bar.replaceChildren()
    bar.replaceChildren(h('a', { class: 'button primary', id: 'sign-in', href: signInUrl(error.login), text: 'Sign in' }))
  })
}

/** The sign-in address `login`, returning to this page. */
export const signInUrl = (login) => `${login}?next=${encodeURIComponent(location.pathname + location.search)}`
