//! Share links: stored in the store's `links` [table](crate::store::Table) (durable once created
//! or revoked, through the store's write-ahead log), revocable, and tracked while in use so that
//! revoking one closes every socket opened with it (close code 4401).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{AuthError, Caller, Claims, Role, TokenKey};
use crate::room::{CloseReason, Closer, PeerId};
use crate::store::{StoreError, Table, TableOp};

/// A stored share link (the token itself is not stored; it can be re-derived only by signing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: String,
    pub postmortem: String,
    pub role: Role,
    /// Seconds since the Unix epoch.
    pub created: u64,
    pub expires: u64,
}

/// The link registry.
pub struct Links {
    table: Arc<dyn Table>,
    key: TokenKey,
    live: Arc<LiveLinks>,
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

impl Links {
    pub fn new(table: Arc<dyn Table>, key: TokenKey) -> Self {
        Links {
            table,
            key,
            live: Arc::new(LiveLinks::default()),
        }
    }

    /// Creates a link; returns it with its token.
    pub fn create(
        &self,
        postmortem: &str,
        role: Role,
        ttl: Duration,
    ) -> Result<(Link, String), StoreError> {
        let created = now_secs();
        let link = Link {
            id: uuid::Uuid::new_v4().simple().to_string(),
            postmortem: postmortem.to_owned(),
            role,
            created,
            expires: created.saturating_add(ttl.as_secs().max(1)),
        };
        let token = self.key.sign(&Claims {
            link: link.id.clone(),
            postmortem: link.postmortem.clone(),
            role,
            expires: link.expires,
        });
        self.table.insert(
            link.id.as_bytes(),
            serde_json::to_vec(&link).expect("link serializes"),
        )?;
        Ok((link, token))
    }

    /// The links of one postmortem, oldest first.
    pub fn list(&self, postmortem: &str) -> Result<Vec<Link>, StoreError> {
        let mut links = Vec::new();
        for (_, value) in self.table.scan(b"")? {
            let link: Link =
                serde_json::from_slice(&value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            if link.postmortem == postmortem {
                links.push(link);
            }
        }
        links.sort_by_key(|l| l.created);
        Ok(links)
    }

    /// Deletes a link and closes every socket opened with it. `None` if there was no such link.
    pub fn revoke(&self, id: &str) -> Result<Option<Link>, StoreError> {
        let Some(old) = self.table.get(id.as_bytes())? else {
            return Ok(None);
        };
        self.table.write(vec![TableOp::remove(id.as_bytes())])?;
        self.live.close_all(id, "share link revoked");
        Ok(serde_json::from_slice(&old).ok())
    }

    /// Who holds `token`: checks signature, expiry, and that the link still exists.
    pub fn authenticate(&self, token: &str) -> Result<Caller, AuthError> {
        let claims = self.key.verify(token, now_secs())?;
        match self.table.get(claims.link.as_bytes()) {
            Ok(Some(_)) => Ok(Caller::Link {
                link_id: claims.link,
                postmortem: claims.postmortem,
                role: claims.role,
                expires: claims.expires,
            }),
            Ok(None) => Err(AuthError::Revoked),
            Err(e) => {
                tracing::error!(error = %e, "reading links failed");
                Err(AuthError::Revoked)
            }
        }
    }

    pub fn live(&self) -> &Arc<LiveLinks> {
        &self.live
    }
}

/// Sockets currently open through each link.
#[derive(Default)]
pub struct LiveLinks {
    sockets: Mutex<HashMap<String, HashMap<PeerId, Closer>>>,
}

/// Keeps a socket registered under its link until dropped.
pub struct LiveRegistration {
    live: Arc<LiveLinks>,
    link: String,
    peer: PeerId,
}

impl LiveLinks {
    pub fn register(
        self: &Arc<Self>,
        link: &str,
        peer: PeerId,
        control: Closer,
    ) -> LiveRegistration {
        self.sockets
            .lock()
            .expect("live links lock")
            .entry(link.to_owned())
            .or_default()
            .insert(peer, control);
        LiveRegistration {
            live: self.clone(),
            link: link.to_owned(),
            peer,
        }
    }

    /// Closes every socket registered under `link` (a share link, or a sign-in session) with
    /// 4401 and `reason`.
    pub fn close_all(&self, link: &str, reason: &'static str) {
        let sockets = self.sockets.lock().expect("live links lock").remove(link);
        for control in sockets.into_iter().flat_map(HashMap::into_values) {
            control.close(CloseReason::new(4401, reason));
        }
    }
}

impl Drop for LiveRegistration {
    fn drop(&mut self) {
        let mut sockets = self.live.sockets.lock().expect("live links lock");
        if let Some(peers) = sockets.get_mut(&self.link) {
            peers.remove(&self.peer);
            if peers.is_empty() {
                sockets.remove(&self.link);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> (tempfile::TempDir, Links) {
        use crate::store::{SledStore, Store};
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let links = Links::new(store.table("links").unwrap(), TokenKey::new("k"));
        (dir, links)
    }

    #[test]
    fn create_authenticate_list_revoke() {
        let (_dir, links) = links();
        let (link, token) = links
            .create("pm1", Role::Reviewer, Duration::from_secs(60))
            .unwrap();
        links
            .create("pm2", Role::Viewer, Duration::from_secs(60))
            .unwrap();
        assert_eq!(
            links.authenticate(&token),
            Ok(Caller::Link {
                link_id: link.id.clone(),
                postmortem: "pm1".into(),
                role: Role::Reviewer,
                expires: link.expires,
            })
        );
        assert_eq!(links.list("pm1").unwrap(), vec![link.clone()]);
        assert_eq!(links.revoke(&link.id).unwrap(), Some(link.clone()));
        assert_eq!(links.authenticate(&token), Err(AuthError::Revoked));
        assert_eq!(links.revoke(&link.id).unwrap(), None);
        assert!(links.list("pm1").unwrap().is_empty());
    }

    #[tokio::test]
    async fn revoking_closes_registered_sockets() {
        let (_dir, links) = links();
        let (link, _) = links
            .create("pm1", Role::Editor, Duration::from_secs(60))
            .unwrap();
        let (tx, mut rx) = crate::room::closer();
        let (other_tx, mut other_rx) = crate::room::closer();
        let _a = links.live().register(&link.id, 1, tx);
        let b = links.live().register(&link.id, 2, other_tx);
        drop(b); // a socket that already left is not signalled
        links.revoke(&link.id).unwrap();
        assert_eq!(rx.recv().await.unwrap().code, 4401);
        assert_eq!(other_rx.recv().await, None);
    }
}
