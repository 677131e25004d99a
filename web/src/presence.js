// Who is here: everyone's awareness `user` ({name, color}) as avatars in the top bar and a list in
// the side column, and your own name, which you can change. Your colour gives way by a rule every
// client applies alike (identity.js `distinctColor`), so no two people here look alike.

import { h } from './dom.js'
import { changeName, distinctColor, initials } from './identity.js'

const avatar = (person, props = {}) =>
  h('span', { class: 'avatar', style: `background:${person.color}`, text: initials(person.name), ...props })

/**
 * The presence views for `awareness`; `onChange(user)` runs when your name or colour changes, to
 * show it to the others.
 */
export function presence ({ awareness, user, onChange }) {
  const preferred = user.color
  const people = h('ul', { class: 'people', id: 'people' })
  const avatars = h('div', { class: 'avatars', id: 'avatars' })
  const you = h('button', { type: 'button', class: 'you', title: 'Change your name' })

  const show = () => {
    const color = distinctColor(awareness.getStates(), awareness.clientID, preferred, user.color)
    if (color !== user.color) {
      user.color = color
      onChange(user)
    }
    const here = new Map()
    for (const [client, state] of awareness.getStates()) {
      if (state.user?.name) here.set(client, { ...state.user, self: client === awareness.clientID })
    }
    const list = [...here.values()].sort((a, b) => (b.self - a.self) || a.name.localeCompare(b.name))
    people.replaceChildren(...list.map((p) => h('li', { class: 'person' },
      avatar(p, { 'aria-hidden': 'true' }),
      h('span', { class: 'person-name', text: p.name }),
      p.self ? h('span', { class: 'muted', text: ' (you)' }) : null)))
    avatars.replaceChildren(...list.slice(0, 6).map((p) => avatar(p, { title: p.name + (p.self ? ' (you)' : '') })))
    you.textContent = user.name
  }
  awareness.on('change', show)
  show()
  you.addEventListener('click', async () => {
    user.name = (await changeName()).name
    onChange(user)
    show()
  })
  return { people, avatars, you, destroy: () => awareness.off('change', show) }
}
