//! Who may do what: roles, share-link tokens, and their mapping onto rooms.
//!
//! Without a server key Debrief runs in *open mode* (everyone edits; the server says so loudly
//! at start-up). With `--auth-key`, every request needs either the server key (as a Bearer token,
//! for administrators and tools) or a share-link token. A link grants one role on one postmortem
//! `P`, which [`access_for`] turns into per-room permissions:
//!
//! | role     | `P` (body) | `P.comments` | `P.insights` |
//! |----------|------------|--------------|--------------|
//! | editor   | write      | write        | read         |
//! | reviewer | read       | write        | read         |
//! | viewer   | read       | read         | read         |
//!
//! Only the server writes `P.insights`. The room enforces the result on every message.
//!
//! With OpenID Connect configured ([`oidc`]), people also sign in with the organisation's
//! identity provider and become members ([`Caller::Member`], kept in [`sessions`]): every member
//! edits every postmortem; members listed in `--oidc-admins` also administer.

mod links;
pub mod oidc;
pub mod sessions;
mod token;

pub use links::{now_secs, Link, Links, LiveLinks, LiveRegistration, MAX_SHARED_TTL};
pub use token::{Claims, TokenError, TokenKey};

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::doc_name::{DocName, RoomKind};
use crate::room::Access;
use crate::store::{StoreError, Table};

/// Authentication in auth mode: the server key and the share links.
pub struct Auth {
    server_key_digest: [u8; 32],
    pub links: Links,
}

impl Auth {
    pub fn new(server_key: &str, links: Arc<dyn Table>) -> Result<Self, StoreError> {
        Ok(Auth {
            server_key_digest: digest(server_key),
            links: Links::new(links, TokenKey::new(server_key))?,
        })
    }

    /// Who presents `credential` (the server key or a share-link token).
    pub fn authenticate(&self, credential: Option<&str>) -> Result<Caller, AuthError> {
        let credential = credential.ok_or(AuthError::Missing)?;
        // Comparing digests keeps the comparison's timing independent of the key.
        if digest(credential) == self.server_key_digest {
            return Ok(Caller::Admin);
        }
        self.links.authenticate(credential)
    }
}

/// The SHA-256 digest of a secret, for comparisons whose timing does not depend on it.
fn digest(s: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(s.as_bytes()).into()
}

/// A role a share link grants on one postmortem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Editor,
    Reviewer,
    Viewer,
}

impl Role {
    /// The role's name, as the API spells it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
        }
    }
}

/// What `role` may do in a room of kind `kind`.
pub fn access_for(role: Role, kind: RoomKind) -> Access {
    match (role, kind) {
        (_, RoomKind::Insights) => Access::ReadOnly,
        (Role::Editor, _) => Access::ReadWrite,
        (Role::Reviewer, RoomKind::Comments) => Access::ReadWrite,
        (Role::Reviewer, RoomKind::Body) | (Role::Viewer, _) => Access::ReadOnly,
    }
}

/// Who is making a request, once authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The server key: full access to everything except writing `P.insights` over a socket.
    Admin,
    /// Anyone, in open mode: the same access as [`Caller::Admin`], but nobody in particular.
    Open,
    /// A share-link holder: one role on one postmortem.
    Link {
        link_id: String,
        postmortem: String,
        role: Role,
        /// When the link's token expires, seconds since the Unix epoch.
        expires: u64,
    },
    /// Someone signed in through the identity provider: edits every postmortem, administers
    /// when `admin`.
    Member {
        email: String,
        name: String,
        admin: bool,
        /// The sign-in session: its id, and when it expires (seconds since the Unix epoch).
        session: String,
        expires: u64,
    },
}

/// Why a request is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthError {
    #[error("authentication required: use a share link or the server key")]
    Missing,
    #[error("invalid token: {0}")]
    Invalid(#[from] TokenError),
    #[error("this link has been revoked")]
    Revoked,
    #[error("this link is for another postmortem")]
    WrongDocument,
    #[error("this link's role may not do that")]
    Forbidden,
    #[error(
        "a signed-in browser may change things only from this server's own pages (Origin mismatch)"
    )]
    CrossOrigin,
    #[error(
        "a signed-in browser's request that changes something needs this session's CSRF token \
         in the X-CSRF-Token header (it is the csrfToken of GET /api/session)"
    )]
    CsrfToken,
}

impl AuthError {
    /// 401 when the caller is not (or no longer) authenticated, 403 when they are but may not.
    pub fn status(&self) -> u16 {
        match self {
            AuthError::WrongDocument
            | AuthError::Forbidden
            | AuthError::CrossOrigin
            | AuthError::CsrfToken => 403,
            AuthError::Missing | AuthError::Invalid(_) | AuthError::Revoked => 401,
        }
    }
}

/// Who did something, as share-link listings and the audit trail show it: a display identity,
/// never a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub name: String,
}

impl Actor {
    /// The server itself (a change made through the documents API rather than by a peer).
    pub fn server() -> Actor {
        Actor {
            name: "server".into(),
        }
    }

    pub fn is_server(&self) -> bool {
        *self == Actor::server()
    }
}

impl Caller {
    /// Who this caller is, for the record.
    pub fn actor(&self) -> Actor {
        let name = match self {
            Caller::Admin => "admin".to_owned(),
            Caller::Open => "open mode".to_owned(),
            Caller::Link { link_id, role, .. } => {
                let short = link_id.get(..8).unwrap_or(link_id);
                format!("share link {short} ({})", role.name())
            }
            Caller::Member { name, email, .. } => format!("{name} <{email}>"),
        };
        Actor { name }
    }

    /// The access this caller has to the room `name`.
    pub fn access_to(&self, name: &DocName) -> Result<Access, AuthError> {
        match self {
            Caller::Admin | Caller::Open | Caller::Member { .. } => Ok(match name.room_kind() {
                RoomKind::Insights => Access::ReadOnly,
                RoomKind::Body | RoomKind::Comments => Access::ReadWrite,
            }),
            Caller::Link {
                postmortem, role, ..
            } => {
                if name.postmortem_id() != postmortem {
                    return Err(AuthError::WrongDocument);
                }
                Ok(access_for(*role, name.room_kind()))
            }
        }
    }

    /// Whether this caller may read postmortem `id` (any role on it, or admin).
    pub fn can_read(&self, id: &str) -> Result<(), AuthError> {
        match self {
            Caller::Admin | Caller::Open | Caller::Member { .. } => Ok(()),
            Caller::Link { postmortem, .. } if postmortem == id => Ok(()),
            Caller::Link { .. } => Err(AuthError::WrongDocument),
        }
    }

    /// Whether this caller may change postmortem `id`'s body through the API (editors, admin).
    pub fn can_edit(&self, id: &str) -> Result<(), AuthError> {
        self.can_read(id)?;
        match self {
            Caller::Link { role, .. } if *role != Role::Editor => Err(AuthError::Forbidden),
            _ => Ok(()),
        }
    }

    /// Whether this caller may take part in the review of postmortem `id` (comment, dismiss an
    /// annotation): editors and reviewers, not viewers.
    pub fn can_review(&self, id: &str) -> Result<(), AuthError> {
        self.can_read(id)?;
        match self {
            Caller::Link {
                role: Role::Viewer, ..
            } => Err(AuthError::Forbidden),
            _ => Ok(()),
        }
    }

    /// Whether this caller may start new postmortems: the server key, members, and anyone in
    /// open mode; not links.
    pub fn can_create(&self) -> Result<(), AuthError> {
        match self {
            Caller::Admin | Caller::Open | Caller::Member { .. } => Ok(()),
            Caller::Link { .. } => Err(AuthError::Forbidden),
        }
    }

    /// Only the server key, admin members and anyone in open mode may administer (raw document
    /// API, links for any postmortem, webhooks).
    pub fn require_admin(&self) -> Result<(), AuthError> {
        match self {
            Caller::Admin | Caller::Open | Caller::Member { admin: true, .. } => Ok(()),
            Caller::Link { .. } | Caller::Member { .. } => Err(AuthError::Forbidden),
        }
    }

    /// The revocable credential a connection was opened with (a share link's id, or a sign-in
    /// session's) and when it expires, so the socket can be closed on revocation, sign-out or
    /// expiry.
    pub fn link(&self) -> Option<(&str, u64)> {
        match self {
            Caller::Link {
                link_id, expires, ..
            } => Some((link_id, *expires)),
            Caller::Member {
                session, expires, ..
            } => Some((session, *expires)),
            Caller::Admin | Caller::Open => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(n: &str) -> DocName {
        DocName::parse(n).unwrap()
    }

    #[test]
    fn role_table() {
        use Access::*;
        let table = [
            (Role::Editor, [ReadWrite, ReadWrite, ReadOnly]),
            (Role::Reviewer, [ReadOnly, ReadWrite, ReadOnly]),
            (Role::Viewer, [ReadOnly, ReadOnly, ReadOnly]),
        ];
        for (role, expected) in table {
            let got = [RoomKind::Body, RoomKind::Comments, RoomKind::Insights]
                .map(|k| access_for(role, k));
            assert_eq!(got, expected, "{role:?}");
        }
    }

    #[test]
    fn actors_name_the_caller_without_its_credential() {
        let link = Caller::Link {
            link_id: "0123456789abcdef".into(),
            postmortem: "pm1".into(),
            role: Role::Reviewer,
            expires: 1,
        };
        let names = [Caller::Admin, Caller::Open, link].map(|c| c.actor().name);
        assert_eq!(
            names,
            ["admin", "open mode", "share link 01234567 (reviewer)"]
        );
    }

    #[test]
    fn links_are_scoped_to_their_postmortem() {
        let reviewer = Caller::Link {
            link_id: "l1".into(),
            postmortem: "pm1".into(),
            role: Role::Reviewer,
            expires: 1,
        };
        assert_eq!(reviewer.access_to(&doc("pm1")), Ok(Access::ReadOnly));
        assert_eq!(
            reviewer.access_to(&doc("pm1.comments")),
            Ok(Access::ReadWrite)
        );
        assert_eq!(
            reviewer.access_to(&doc("pm2")),
            Err(AuthError::WrongDocument)
        );
        assert_eq!(
            reviewer.access_to(&doc("pm2.comments")),
            Err(AuthError::WrongDocument)
        );
        assert!(reviewer.can_read("pm1").is_ok());
        assert_eq!(reviewer.can_edit("pm1"), Err(AuthError::Forbidden));
        assert!(reviewer.can_review("pm1").is_ok());
        let viewer = Caller::Link {
            link_id: "l2".into(),
            postmortem: "pm1".into(),
            role: Role::Viewer,
            expires: 1,
        };
        assert_eq!(viewer.can_review("pm1"), Err(AuthError::Forbidden));
        assert_eq!(viewer.can_review("pm2"), Err(AuthError::WrongDocument));
        assert_eq!(reviewer.require_admin(), Err(AuthError::Forbidden));
        assert_eq!(
            Caller::Admin.access_to(&doc("pm1.insights")),
            Ok(Access::ReadOnly)
        );
        assert_eq!(AuthError::Forbidden.status(), 403);
        let member = |admin| Caller::Member {
            email: "a@example.com".into(),
            name: "A".into(),
            admin,
            session: "s".into(),
            expires: 1,
        };
        assert_eq!(member(false).access_to(&doc("pm2")), Ok(Access::ReadWrite));
        assert_eq!(
            member(false).access_to(&doc("pm2.insights")),
            Ok(Access::ReadOnly)
        );
        assert!(member(false).can_edit("pm2").is_ok());
        assert!(member(false).can_create().is_ok());
        assert_eq!(reviewer.can_create(), Err(AuthError::Forbidden));
        assert_eq!(member(false).require_admin(), Err(AuthError::Forbidden));
        assert!(member(true).require_admin().is_ok());
        assert_eq!(AuthError::Revoked.status(), 401);
    }
}
