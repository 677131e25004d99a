//! Sign-in sessions: tower-sessions records kept in the store's `sessions`
//! [table](crate::store::Table), so that they survive a restart and go through the write-ahead
//! log like every other write, and the signed-in member a session holds.
//!
//! The cookie carries only the session id, encrypted and authenticated with a key derived from
//! the server key ([`cookie_key`]): a cookie minted by a server with another key does not
//! decrypt and counts as no session at all. Expired records are ignored when read and removed by
//! [`SessionTable::delete_expired`], which the server runs periodically.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tower_sessions::cookie::Key;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};
use tower_sessions::Session;

use super::{digest, AuthError};

use crate::store::{StoreError, Table, TableOp};

/// The session key under which a signed-in member is stored.
pub const MEMBER: &str = "member";
/// The session key of its CSRF token ([`csrf_token`]).
const CSRF: &str = "csrf_token";

/// Who signed in, as the identity provider vouched for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub email: String,
    pub name: String,
    pub admin: bool,
    /// When this sign-in ends, seconds since the Unix epoch (`--session-ttl` after it began).
    #[serde(default)]
    pub until: u64,
}

/// The key of the session cookie, derived from the server key (a different purpose than the
/// share-link signatures, so neither can stand in for the other).
pub fn cookie_key(server_key: &str) -> Key {
    use sha2::Digest;
    let mut master = sha2::Sha512::new();
    master.update(b"debrief session cookie\0");
    master.update(server_key.as_bytes());
    Key::derive_from(&master.finalize())
}

/// The session's CSRF token. `GET /api/session` hands it to the browser's own pages, which send
/// it back as `X-CSRF-Token` on every request that changes something; another site can make the
/// browser send the cookie but cannot read this token. Made at sign-in ([`new_csrf_token`]);
/// a session signed in before tokens existed gets one on first use.
pub async fn csrf_token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    match session.get::<String>(CSRF).await? {
        Some(token) => Ok(token),
        None => new_csrf_token(session).await,
    }
}

/// Gives the session a new random (122-bit) CSRF token, on sign-in: a token handed out before
/// is worth nothing after.
pub async fn new_csrf_token(session: &Session) -> Result<String, tower_sessions::session::Error> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    session.insert(CSRF, &token).await?;
    Ok(token)
}

/// Whether `presented` is the session's CSRF token (compared by digest, in constant time with
/// respect to the token). A session that never handed one out accepts none.
pub async fn check_csrf_token(session: &Session, presented: Option<&str>) -> Result<(), AuthError> {
    let expected = session.get::<String>(CSRF).await.ok().flatten();
    match (expected, presented) {
        (Some(expected), Some(presented)) if digest(&expected) == digest(presented) => Ok(()),
        _ => Err(AuthError::CsrfToken),
    }
}

/// The session records, one row per session id.
#[derive(Clone)]
pub struct SessionTable {
    table: Arc<dyn Table>,
}

impl std::fmt::Debug for SessionTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionTable")
    }
}

impl SessionTable {
    pub fn new(table: Arc<dyn Table>) -> Self {
        SessionTable { table }
    }

    /// Removes every record expired at `now`; returns how many. Blocks.
    pub fn delete_expired(&self, now: OffsetDateTime) -> Result<usize, StoreError> {
        let mut expired = Vec::new();
        for (key, value) in self.table.scan(b"")? {
            match serde_json::from_slice::<Record>(&value) {
                Ok(record) if record.expiry_date > now => {}
                _ => expired.push(TableOp::remove(&key)),
            }
        }
        let count = expired.len();
        if count > 0 {
            self.table.write(expired)?;
        }
        Ok(count)
    }

    /// Runs `work` against the table on the blocking pool.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&dyn Table) -> Result<T, StoreError> + Send + 'static,
    ) -> session_store::Result<T> {
        let table = self.table.clone();
        tokio::task::spawn_blocking(move || work(table.as_ref()))
            .await
            .map_err(|e| session_store::Error::Backend(e.to_string()))?
            .map_err(|e| session_store::Error::Backend(e.to_string()))
    }
}

#[async_trait::async_trait]
impl SessionStore for SessionTable {
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let key = record.id.to_string();
        let value =
            serde_json::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        self.run(move |table| table.insert(key.as_bytes(), value))
            .await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let key = id.to_string();
        let Some(value) = self.run(move |table| table.get(key.as_bytes())).await? else {
            return Ok(None);
        };
        let record: Record = serde_json::from_slice(&value)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok((record.expiry_date > OffsetDateTime::now_utc()).then_some(record))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let key = id.to_string();
        self.run(move |table| table.write(vec![TableOp::remove(key.as_bytes())]))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SledStore, Store};

    fn record(expiry_date: OffsetDateTime) -> Record {
        let mut data = std::collections::HashMap::new();
        data.insert(
            MEMBER.to_owned(),
            serde_json::json!({"email": "a@example.com", "name": "A", "admin": false, "until": 1}),
        );
        Record {
            id: Id::default(),
            data,
            expiry_date,
        }
    }

    #[tokio::test]
    async fn records_survive_a_reopen_and_expired_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let now = OffsetDateTime::now_utc();
        let live = record(now + time::Duration::hours(1));
        let expired = record(now - time::Duration::seconds(1));
        {
            let store = SledStore::open(dir.path()).unwrap();
            let sessions = SessionTable::new(store.table("sessions").unwrap());
            sessions.save(&live).await.unwrap();
            sessions.save(&expired).await.unwrap();
            assert_eq!(sessions.load(&expired.id).await.unwrap(), None);
        }
        let store = SledStore::open(dir.path()).unwrap();
        let sessions = SessionTable::new(store.table("sessions").unwrap());
        assert_eq!(sessions.load(&live.id).await.unwrap(), Some(live.clone()));
        assert_eq!(sessions.delete_expired(now).unwrap(), 1);
        assert_eq!(sessions.delete_expired(now).unwrap(), 0);
        sessions.delete(&live.id).await.unwrap();
        assert_eq!(sessions.load(&live.id).await.unwrap(), None);
    }

    #[tokio::test]
    async fn only_the_sessions_own_csrf_token_passes() {
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let table = Arc::new(SessionTable::new(store.table("sessions").unwrap()));
        let session = Session::new(None, table.clone(), None);
        // No token handed out yet: none passes.
        assert_eq!(
            check_csrf_token(&session, Some("")).await,
            Err(AuthError::CsrfToken)
        );
        let token = csrf_token(&session).await.unwrap();
        assert_eq!(token.len(), 32);
        assert_eq!(csrf_token(&session).await.unwrap(), token, "kept");
        assert_eq!(check_csrf_token(&session, Some(&token)).await, Ok(()));
        for wrong in [None, Some(""), Some("0123456789abcdef0123456789abcdef")] {
            assert_eq!(
                check_csrf_token(&session, wrong).await,
                Err(AuthError::CsrfToken),
                "{wrong:?}"
            );
        }
        // Another session has its own; a new sign-in replaces the old one.
        let other = Session::new(None, table, None);
        assert_ne!(csrf_token(&other).await.unwrap(), token);
        let renewed = new_csrf_token(&session).await.unwrap();
        assert_ne!(renewed, token);
        assert_eq!(
            check_csrf_token(&session, Some(&token)).await,
            Err(AuthError::CsrfToken)
        );
        assert_eq!(check_csrf_token(&session, Some(&renewed)).await, Ok(()));
    }

    #[test]
    fn cookie_keys_differ_per_server_key() {
        assert_eq!(cookie_key("a").master(), cookie_key("a").master());
        assert_ne!(cookie_key("a").master(), cookie_key("b").master());
    }
}
