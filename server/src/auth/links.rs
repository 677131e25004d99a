//! Share links: stored in the store's `links` [table](crate::store::Table) (durable once created
//! or revoked, through the store's write-ahead log), revocable, and tracked while in use so that
//! revoking one closes every socket opened with it (close code 4401).
//!
//! Layout of the table: each link under its id (as links have always been stored), and an index
//! row `p/{postmortem}/{id}` per link, so listing one postmortem's links reads only those. Links
//! stored before the index existed are indexed once, at start-up (marked by the row `layout`).
//!
//! When a link was last used is kept in memory on every authentication and written back at most
//! once a minute per link, so a busy link does not cost a write per request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{Actor, AuthError, Caller, Claims, Role, TokenKey};
use crate::room::{CloseReason, Closer, PeerId};
use crate::store::{StoreError, Table, TableOp};

/// Longest a share-link holder may make a link last (the server key is not bounded).
pub const MAX_SHARED_TTL: Duration = Duration::from_secs(90 * 24 * 3600);
/// A link's `last_used` is written back at most this often.
const PERSIST_USE_EVERY: u64 = 60;
/// Marks a table whose links are all indexed by postmortem.
const LAYOUT: &[u8] = b"layout";
const INDEXED: &[u8] = b"indexed by postmortem";

/// A stored share link (the token itself is not stored; it can be re-derived only by signing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: String,
    pub postmortem: String,
    pub role: Role,
    /// Seconds since the Unix epoch.
    pub created: u64,
    pub expires: u64,
    /// Who made it (absent on links made before this was recorded).
    #[serde(default)]
    pub created_by: Option<Actor>,
    /// When a request last authenticated with it, seconds since the Unix epoch.
    #[serde(default)]
    pub last_used: Option<u64>,
}

/// When a link was last used, and when that was last written to the table.
#[derive(Clone, Copy)]
struct Use {
    at: u64,
    persisted: u64,
}

/// The link registry.
pub struct Links {
    table: Arc<dyn Table>,
    key: TokenKey,
    live: Arc<LiveLinks>,
    uses: Mutex<HashMap<String, Use>>,
    /// Held while a link is rewritten or removed, so writing back a use never brings back a
    /// link revoked meanwhile.
    writing: Mutex<()>,
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

fn index_key(postmortem: &str, id: &str) -> Vec<u8> {
    format!("p/{postmortem}/{id}").into_bytes()
}

fn decode(value: &[u8]) -> Result<Link, StoreError> {
    serde_json::from_slice(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn encode(link: &Link) -> Vec<u8> {
    serde_json::to_vec(link).expect("link serializes")
}

impl Links {
    /// The registry over `table`, indexing links stored before the index existed.
    pub fn new(table: Arc<dyn Table>, key: TokenKey) -> Result<Self, StoreError> {
        if table.get(LAYOUT)?.is_none() {
            let mut ops = Vec::new();
            for (id, value) in table.scan(b"")? {
                if !id.starts_with(b"p/") {
                    let link = decode(&value)?;
                    ops.push(TableOp::insert(
                        &index_key(&link.postmortem, &link.id),
                        vec![],
                    ));
                }
            }
            ops.push(TableOp::insert(LAYOUT, INDEXED.to_vec()));
            table.write(ops)?;
        }
        Ok(Links {
            table,
            key,
            live: Arc::new(LiveLinks::default()),
            uses: Mutex::new(HashMap::new()),
            writing: Mutex::new(()),
        })
    }

    /// Creates a link made by `created_by`; returns it with its token.
    pub fn create(
        &self,
        postmortem: &str,
        role: Role,
        ttl: Duration,
        created_by: Actor,
    ) -> Result<(Link, String), StoreError> {
        let created = now_secs();
        let link = Link {
            id: uuid::Uuid::new_v4().simple().to_string(),
            postmortem: postmortem.to_owned(),
            role,
            created,
            expires: created.saturating_add(ttl.as_secs().max(1)),
            created_by: Some(created_by),
            last_used: None,
        };
        let token = self.key.sign(&Claims {
            link: link.id.clone(),
            postmortem: link.postmortem.clone(),
            role,
            expires: link.expires,
        });
        self.table.write(vec![
            TableOp::insert(link.id.as_bytes(), encode(&link)),
            TableOp::insert(&index_key(postmortem, &link.id), vec![]),
        ])?;
        Ok((link, token))
    }

    /// The link `id`, if it exists (expired or not).
    pub fn get(&self, id: &str) -> Result<Option<Link>, StoreError> {
        if id.starts_with("p/") || id.as_bytes() == LAYOUT {
            return Ok(None);
        }
        self.table
            .get(id.as_bytes())?
            .map(|v| decode(&v))
            .transpose()
    }

    /// The active (unexpired) links of one postmortem, oldest first, with when each was last
    /// used. Expired ones met on the way are removed, index row and all.
    pub fn list(&self, postmortem: &str) -> Result<Vec<Link>, StoreError> {
        let now = now_secs();
        let prefix = index_key(postmortem, "");
        let mut links = Vec::new();
        let mut expired = Vec::new();
        for (key, _) in self.table.scan(&prefix)? {
            let id = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            let Some(mut link) = self.get(&id)? else {
                continue;
            };
            if link.expires <= now {
                expired.push(link);
                continue;
            }
            if let Some(used) = self.uses.lock().expect("link uses lock").get(&id) {
                link.last_used = Some(used.at);
            }
            links.push(link);
        }
        self.remove_links(&expired)?;
        links.sort_by_key(|l| l.created);
        Ok(links)
    }

    /// Removes every link expired at `now` (seconds since the Unix epoch), with its index row;
    /// returns how many. The server runs this periodically, so the table holds only live links.
    pub fn remove_expired(&self, now: u64) -> Result<usize, StoreError> {
        let mut expired = Vec::new();
        for (key, value) in self.table.scan(b"")? {
            if key.starts_with(b"p/") || key == LAYOUT {
                continue;
            }
            let link = decode(&value)?;
            if link.expires <= now {
                expired.push(link);
            }
        }
        self.remove_links(&expired)?;
        Ok(expired.len())
    }

    /// Deletes expired `links` (rows and index rows) in one write. Their tokens no longer
    /// authenticate anyway, so no socket is open with them.
    fn remove_links(&self, links: &[Link]) -> Result<(), StoreError> {
        if links.is_empty() {
            return Ok(());
        }
        let _writing = self.writing.lock().expect("links writing lock");
        let ops = links
            .iter()
            .flat_map(|link| {
                [
                    TableOp::remove(link.id.as_bytes()),
                    TableOp::remove(&index_key(&link.postmortem, &link.id)),
                ]
            })
            .collect();
        self.table.write(ops)?;
        let mut uses = self.uses.lock().expect("link uses lock");
        for link in links {
            uses.remove(&link.id);
        }
        Ok(())
    }

    /// Deletes a link and closes every socket opened with it. `None` if there was no such link.
    pub fn revoke(&self, id: &str) -> Result<Option<Link>, StoreError> {
        let _writing = self.writing.lock().expect("links writing lock");
        let Some(old) = self.get(id)? else {
            return Ok(None);
        };
        self.table.write(vec![
            TableOp::remove(id.as_bytes()),
            TableOp::remove(&index_key(&old.postmortem, id)),
        ])?;
        self.uses.lock().expect("link uses lock").remove(id);
        self.live.close_all(id, "share link revoked");
        Ok(Some(old))
    }

    /// Who holds `token`: checks signature, expiry, and that the link still exists; notes the
    /// use.
    pub fn authenticate(&self, token: &str) -> Result<Caller, AuthError> {
        let claims = self.key.verify(token, now_secs())?;
        match self.table.get(claims.link.as_bytes()) {
            Ok(Some(_)) => {
                self.note_use(&claims.link);
                Ok(Caller::Link {
                    link_id: claims.link,
                    postmortem: claims.postmortem,
                    role: claims.role,
                    expires: claims.expires,
                })
            }
            Ok(None) => Err(AuthError::Revoked),
            Err(e) => {
                tracing::error!(error = %e, "reading links failed");
                Err(AuthError::Revoked)
            }
        }
    }

    /// Records a use of link `id` in memory, and in the table when the last write of it is
    /// more than a minute old.
    fn note_use(&self, id: &str) {
        let now = now_secs();
        let due = {
            let mut uses = self.uses.lock().expect("link uses lock");
            let used = uses.entry(id.to_owned()).or_insert(Use {
                at: now,
                persisted: 0,
            });
            used.at = now;
            let due = now.saturating_sub(used.persisted) >= PERSIST_USE_EVERY;
            if due {
                used.persisted = now;
            }
            due
        };
        if due {
            if let Err(e) = self.persist_use(id, now) {
                tracing::warn!(link = %id, error = %e, "recording a link's last use failed");
            }
        }
    }

    fn persist_use(&self, id: &str, at: u64) -> Result<(), StoreError> {
        let _writing = self.writing.lock().expect("links writing lock");
        // Revoked meanwhile: nothing to write back.
        let Some(mut link) = self.get(id)? else {
            return Ok(());
        };
        link.last_used = Some(at);
        self.table.insert(id.as_bytes(), encode(&link))
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

    fn table() -> (tempfile::TempDir, Arc<dyn Table>) {
        use crate::store::{SledStore, Store};
        let dir = tempfile::tempdir().unwrap();
        let store = SledStore::open(dir.path()).unwrap();
        let table = store.table("links").unwrap();
        (dir, table)
    }

    fn links() -> (tempfile::TempDir, Links) {
        let (dir, table) = table();
        (dir, Links::new(table, TokenKey::new("k")).unwrap())
    }

    fn admin() -> Actor {
        Caller::Admin.actor()
    }

    #[test]
    fn create_authenticate_list_revoke() {
        let (_dir, links) = links();
        let (link, token) = links
            .create("pm1", Role::Reviewer, Duration::from_secs(60), admin())
            .unwrap();
        links
            .create("pm2", Role::Viewer, Duration::from_secs(60), admin())
            .unwrap();
        assert_eq!(link.created_by, Some(admin()));
        assert_eq!(links.list("pm1").unwrap(), vec![link.clone()]);
        assert_eq!(
            links.authenticate(&token),
            Ok(Caller::Link {
                link_id: link.id.clone(),
                postmortem: "pm1".into(),
                role: Role::Reviewer,
                expires: link.expires,
            })
        );
        let listed = links.list("pm1").unwrap();
        assert!(listed[0].last_used.is_some_and(|at| at >= link.created));
        // The first use is written back at once.
        assert_eq!(
            links.get(&link.id).unwrap().unwrap().last_used,
            listed[0].last_used
        );
        assert_eq!(
            links.revoke(&link.id).unwrap().map(|l| l.id),
            Some(link.id.clone())
        );
        assert_eq!(links.authenticate(&token), Err(AuthError::Revoked));
        assert_eq!(links.revoke(&link.id).unwrap(), None);
        assert!(links.list("pm1").unwrap().is_empty());
        assert_eq!(links.list("pm2").unwrap().len(), 1);
    }

    /// Makes link `id` of `links` expired a second before it was created.
    fn expire(links: &Links, link: &Link) {
        let mut expired = link.clone();
        expired.expires = link.created - 1;
        links
            .table
            .insert(link.id.as_bytes(), encode(&expired))
            .unwrap();
    }

    #[test]
    fn expired_links_leave_the_list_and_the_index() {
        let (_dir, links) = links();
        let (link, _) = links
            .create("pm1", Role::Viewer, Duration::from_secs(1), admin())
            .unwrap();
        let (live, _) = links
            .create("pm1", Role::Editor, Duration::from_secs(3600), admin())
            .unwrap();
        expire(&links, &link);
        assert_eq!(links.list("pm1").unwrap(), std::slice::from_ref(&live));
        // Listing removed it: the row and its index row are gone.
        assert_eq!(links.get(&link.id).unwrap(), None);
        assert_eq!(links.table.scan(&index_key("pm1", "")).unwrap().len(), 1);
        assert!(links.get(&live.id).unwrap().is_some());
    }

    #[test]
    fn the_sweep_removes_expired_links_of_every_postmortem() {
        let (_dir, links) = links();
        let made: Vec<Link> = ["pm1", "pm2", "pm2"]
            .into_iter()
            .map(|pm| {
                links
                    .create(pm, Role::Viewer, Duration::from_secs(3600), admin())
                    .unwrap()
                    .0
            })
            .collect();
        expire(&links, &made[0]);
        expire(&links, &made[1]);
        assert_eq!(links.remove_expired(now_secs()).unwrap(), 2);
        assert_eq!(links.get(&made[0].id).unwrap(), None);
        assert_eq!(links.get(&made[1].id).unwrap(), None);
        let index_rows = links.table.scan(b"p/").unwrap();
        assert_eq!(index_rows.len(), 1);
        assert_eq!(index_rows[0].0, index_key("pm2", &made[2].id));
        // The layout marker and the live link stay; nothing more to remove.
        assert!(links.table.get(LAYOUT).unwrap().is_some());
        assert_eq!(links.remove_expired(now_secs()).unwrap(), 0);
        // Past its own expiry the last one goes too.
        assert_eq!(links.remove_expired(made[2].expires).unwrap(), 1);
        assert!(links.table.scan(b"p/").unwrap().is_empty());
    }

    #[test]
    fn links_stored_before_the_index_load_and_list() {
        let (_dir, table) = table();
        // As earlier versions stored a link: under its id, without `created_by` or `last_used`.
        let old = serde_json::json!({
            "id": "0123456789abcdef0123456789abcdef", "postmortem": "pm1", "role": "editor",
            "created": now_secs(), "expires": now_secs() + 3600,
        });
        table
            .insert(
                b"0123456789abcdef0123456789abcdef",
                old.to_string().into_bytes(),
            )
            .unwrap();
        let links = Links::new(table.clone(), TokenKey::new("k")).unwrap();
        let listed = links.list("pm1").unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].created_by, None);
        assert_eq!(listed[0].last_used, None);
        // Indexed once: opening again does not index again.
        assert_eq!(table.get(LAYOUT).unwrap().as_deref(), Some(INDEXED));
        table
            .write(vec![TableOp::remove(
                b"p/pm1/0123456789abcdef0123456789abcdef",
            )])
            .unwrap();
        let links = Links::new(table, TokenKey::new("k")).unwrap();
        assert!(links.list("pm1").unwrap().is_empty());
    }

    #[tokio::test]
    async fn revoking_closes_registered_sockets() {
        let (_dir, links) = links();
        let (link, _) = links
            .create("pm1", Role::Editor, Duration::from_secs(60), admin())
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
