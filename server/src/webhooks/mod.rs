//! Webhooks: the events of a postmortem's life, posted to the endpoints administrators register,
//! so that other tools (chat, trackers, automations) can follow along.
//!
//! - **Endpoints** (`POST /api/webhooks {url, events, secret}`, administrators only) are kept in
//!   the store's `webhooks` table; the secret never leaves the server again.
//! - **Events**: `postmortem.status_changed` (a review step changed the postmortem's stage) and
//!   `postmortem.published` (it became `published`); `action_item.created`,
//!   `action_item.updated` (its text, owner, due date, ticket or status changed) and
//!   `action_item.overdue` (open and past its due date, once per due date), whose data carries
//!   the item and a `ticket` ready for a GitHub, Jira or Linear automation to open one (title,
//!   body with a link back, assignee, due date, labels, external id); the ticket it creates goes
//!   back with `PATCH /api/action-items/{id} {"ticket": "..."}`. Each delivery is a JSON body
//!   `{id, event, at, data}`.
//! - **Signing**: `X-Debrief-Signature: sha256=<hex HMAC-SHA256 of the body, keyed by the
//!   endpoint's secret>`, and `X-Debrief-Delivery: <id>`, the same on every attempt of one
//!   delivery, so a receiver drops a redelivery it has already handled.
//! - **Durable**: an event becomes one queued delivery per subscribed endpoint in the
//!   `webhook_queue` table (through the store's write-ahead log) before anything is sent, so a
//!   delivery survives a restart. The [`delivery`] worker posts what is due, and retries a
//!   delivery that fails (no answer within 10 s, or not 2xx) with exponential backoff from
//!   `--webhook-retry-base` (10 s by default) up to an hour apart, for 24 hours after the event;
//!   then it gives up. Every attempt is logged in `webhook_log`
//!   (`GET /api/webhooks/{id}/deliveries`).
//!
//! Nothing here runs on a keystroke's path: emitting writes one small table record on the
//! blocking pool, and sending happens on the worker's own task.

pub mod delivery;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Notify;

use crate::clock::{now_ms, now_rfc3339};
use crate::store::{StoreError, Table, TableOp};
use crate::tracker::{ItemEvent, TrackedItem};

/// The events an endpoint may subscribe to.
pub const EVENTS: &[&str] = &[
    "postmortem.status_changed",
    "postmortem.published",
    "action_item.created",
    "action_item.updated",
    "action_item.overdue",
];
/// Most endpoints the server keeps, and most log entries one read returns.
const MAX_ENDPOINTS: usize = 100;
pub const MAX_LOG_PAGE: usize = 100;

/// A registered endpoint, as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Endpoint {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    secret: String,
    pub created: String,
}

/// An endpoint as the API tells it: without its secret.
#[derive(Debug, Serialize)]
pub struct EndpointView<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub events: &'a [String],
    pub created: &'a str,
}

impl Endpoint {
    pub fn view(&self) -> EndpointView<'_> {
        EndpointView {
            id: &self.id,
            url: &self.url,
            events: &self.events,
            created: &self.created,
        }
    }
}

/// A delivery waiting in the queue: one event for one endpoint.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Queued {
    id: String,
    endpoint: String,
    event: String,
    /// The JSON body, exactly as signed and sent on every attempt.
    body: String,
    /// Attempts made so far.
    attempts: u32,
    /// When the event happened (milliseconds since the epoch): retries stop a day later.
    since_ms: u64,
}

/// One attempt, as `GET /api/webhooks/{id}/deliveries` lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    pub delivery: String,
    pub event: String,
    pub attempt: u32,
    pub at: String,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<u16>,
    /// Why the attempt failed, if it did.
    pub error: Option<String>,
    /// `delivered`, `retrying` or `failed` (given up).
    pub outcome: String,
}

/// Why a registration is refused.
#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error("`url` must be an http:// or https:// URL")]
    BadUrl,
    #[error("unknown event {0:?}; events are {EVENTS:?}")]
    UnknownEvent(String),
    #[error("`events` must name at least one event")]
    NoEvents,
    #[error("`secret` must be 16 to 256 characters")]
    BadSecret,
    #[error("at most {MAX_ENDPOINTS} endpoints")]
    TooMany,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The registry and the queue. Calls block briefly (table reads and writes).
pub struct Webhooks {
    endpoints: Arc<dyn Table>,
    queue: Arc<dyn Table>,
    log: Arc<dyn Table>,
    /// Wakes the delivery worker when something is queued.
    queued: Notify,
    retry_base: Duration,
}

impl Webhooks {
    pub fn new(
        endpoints: Arc<dyn Table>,
        queue: Arc<dyn Table>,
        log: Arc<dyn Table>,
        retry_base: Duration,
    ) -> Webhooks {
        Webhooks {
            endpoints,
            queue,
            log,
            queued: Notify::new(),
            retry_base,
        }
    }

    /// Registers an endpoint.
    pub fn register(
        &self,
        url: &str,
        events: &[String],
        secret: &str,
    ) -> Result<Endpoint, WebhookError> {
        let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
        if !scheme_ok || url.len() > 2048 || url.contains(char::is_whitespace) {
            return Err(WebhookError::BadUrl);
        }
        if events.is_empty() {
            return Err(WebhookError::NoEvents);
        }
        if let Some(unknown) = events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
            return Err(WebhookError::UnknownEvent(unknown.clone()));
        }
        if !(16..=256).contains(&secret.chars().count()) {
            return Err(WebhookError::BadSecret);
        }
        if self.endpoints.scan(b"")?.len() >= MAX_ENDPOINTS {
            return Err(WebhookError::TooMany);
        }
        let endpoint = Endpoint {
            id: uuid::Uuid::new_v4().simple().to_string()[..12].to_owned(),
            url: url.to_owned(),
            events: events.to_vec(),
            secret: secret.to_owned(),
            created: now_rfc3339(),
        };
        self.endpoints
            .insert(endpoint.id.as_bytes(), json_bytes(&endpoint))?;
        Ok(endpoint)
    }

    /// Every endpoint.
    pub fn list(&self) -> Result<Vec<Endpoint>, StoreError> {
        self.endpoints
            .scan(b"")?
            .iter()
            .map(|(_, raw)| decode(raw))
            .collect()
    }

    /// Removes an endpoint (its queued deliveries are dropped when they come due); whether it
    /// existed.
    pub fn remove(&self, id: &str) -> Result<bool, StoreError> {
        let existed = self.endpoints.get(id.as_bytes())?.is_some();
        if existed {
            self.endpoints.write(vec![TableOp::remove(id.as_bytes())])?;
        }
        Ok(existed)
    }

    /// The latest attempts to deliver to endpoint `id`, newest first.
    pub fn attempts(&self, id: &str) -> Result<Vec<Attempt>, StoreError> {
        let (start, end) = (format!("{id}/"), format!("{id}0"));
        self.log
            .range_back(start.as_bytes(), end.as_bytes(), MAX_LOG_PAGE)?
            .iter()
            .map(|(_, raw)| decode(raw))
            .collect()
    }

    /// Queues `event` with `data` for every endpoint subscribed to it, durably, and wakes the
    /// worker.
    pub fn emit(&self, event: &str, data: Value) -> Result<(), StoreError> {
        let subscribed: Vec<Endpoint> = self
            .list()?
            .into_iter()
            .filter(|e| e.events.iter().any(|s| s == event))
            .collect();
        if subscribed.is_empty() {
            return Ok(());
        }
        let now = now_ms();
        let ops = subscribed
            .iter()
            .map(|endpoint| {
                let id = uuid::Uuid::new_v4().to_string();
                let body = serde_json::json!({
                    "id": id, "event": event, "at": now_rfc3339(), "data": data,
                });
                let queued = Queued {
                    id,
                    endpoint: endpoint.id.clone(),
                    event: event.to_owned(),
                    body: body.to_string(),
                    attempts: 0,
                    since_ms: now,
                };
                TableOp::insert(&queue_key(now, &queued.id), json_bytes(&queued))
            })
            .collect();
        self.queue.write(ops)?;
        self.queued.notify_one();
        Ok(())
    }
}

/// The data of an action-item event: the item, where it is, and a ticket to open for it.
/// `title` is its postmortem's title, `base` the server's public URL (empty: links are
/// relative).
pub fn action_item_data(item: &TrackedItem, title: &str, base: &str) -> Value {
    let url = format!(
        "{}/p/{}?item={}",
        base.trim_end_matches('/'),
        item.postmortem,
        item.id
    );
    let fields = &item.item;
    let mut body = format!("Action item from the postmortem “{title}”: {url}");
    if let Some(owner) = &fields.owner {
        body.push_str(&format!("\n\nOwner: {owner}"));
    }
    if let Some(due) = fields.due {
        body.push_str(&format!("\nDue: {due}"));
    }
    let mut labels = vec!["postmortem".to_owned()];
    labels.extend(fields.kind.clone());
    serde_json::json!({
        "postmortem": item.postmortem,
        "postmortem_title": title,
        "url": url,
        "item": item,
        "ticket": {
            "title": fields.text,
            "body": body,
            "assignee": fields.owner,
            "due_date": fields.due.map(|d| d.to_string()),
            "labels": labels,
            "external_id": item.id,
            "existing": fields.ticket,
        },
    })
}

impl Webhooks {
    /// Emits `event` for `item` (of the postmortem titled `title`); runs on the caller's thread
    /// (the tracker's, on the blocking pool).
    pub fn action_item(&self, event: ItemEvent, item: &TrackedItem, title: &str, base: &str) {
        if let Err(e) = self.emit(event.name(), action_item_data(item, title, base)) {
            tracing::error!(error = %e, "queueing a webhook delivery failed");
        }
    }

    /// Emits `postmortem.status_changed`, and `postmortem.published` when the status became
    /// `published`, for the change of postmortem `id` from `from` to `to` made by `by`. Called by
    /// the body room once the change is durable; the queue write runs on the blocking pool.
    pub fn status_changed(self: &Arc<Self>, id: &str, by: &str, from: &str, to: &str) {
        let data = serde_json::json!({
            "postmortem": id, "from": from, "to": to, "by": by, "url": format!("/p/{id}"),
        });
        let webhooks = self.clone();
        let published = to == "published";
        tokio::task::spawn_blocking(move || {
            let mut emitted = webhooks.emit("postmortem.status_changed", data.clone());
            if published && emitted.is_ok() {
                emitted = webhooks.emit("postmortem.published", data);
            }
            if let Err(e) = emitted {
                tracing::error!(error = %e, "queueing a webhook delivery failed");
            }
        });
    }
}

/// Queue keys sort by when the delivery is due.
fn queue_key(due_ms: u64, delivery: &str) -> Vec<u8> {
    let mut key = due_ms.to_be_bytes().to_vec();
    key.extend_from_slice(delivery.as_bytes());
    key
}

fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("webhook records serialize")
}

fn decode<T: serde::de::DeserializeOwned>(raw: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(raw).map_err(|e| StoreError::Corrupt(format!("webhook record: {e}")))
}
