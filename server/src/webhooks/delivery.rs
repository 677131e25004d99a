//! The delivery worker: one task that posts the webhook deliveries that are due, one at a time,
//! and reschedules those that fail (see the [module](super) for the promise).

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{decode, json_bytes, queue_key, Attempt, Queued, Webhooks};
use crate::clock::{now_ms, now_rfc3339};
use crate::store::{StoreError, TableOp};

/// How long a receiver has to answer.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Longest wait between two attempts of one delivery.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// How long after its event a delivery is retried.
const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 3600);
/// Most due deliveries read at once.
const BATCH: usize = 32;
/// The worker looks at the queue at least this often (a delivery queued by another process, or a
/// retry coming due).
const IDLE_CHECK: Duration = Duration::from_millis(250);

/// The signature header's value for `body` under `secret`: `sha256=<hex HMAC-SHA256>`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Starts the worker; it runs until the runtime stops (what it was sending then is sent again,
/// with the same delivery id, after a restart).
pub fn start(webhooks: Arc<Webhooks>) {
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");
    tokio::spawn(async move {
        loop {
            let hooks = webhooks.clone();
            let due = tokio::task::spawn_blocking(move || hooks.due(now_ms(), BATCH)).await;
            let due = match due {
                Ok(Ok(due)) => due,
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "reading the webhook queue failed");
                    Vec::new()
                }
                Err(e) => {
                    tracing::error!(error = %e, "reading the webhook queue panicked");
                    Vec::new()
                }
            };
            if due.is_empty() {
                let _ = tokio::time::timeout(IDLE_CHECK, webhooks.queued.notified()).await;
                continue;
            }
            for (key, queued) in due {
                let outcome = send(&client, &webhooks, &queued).await;
                let hooks = webhooks.clone();
                let done = tokio::task::spawn_blocking(move || hooks.settle(&key, queued, outcome));
                if let Ok(Err(e)) = done.await {
                    tracing::error!(error = %e, "recording a webhook attempt failed");
                }
            }
        }
    });
}

/// What one attempt got: the receiver's status, or why there was none; `None` if the endpoint
/// is gone.
type Outcome = Option<Result<u16, String>>;

async fn send(client: &reqwest::Client, webhooks: &Webhooks, queued: &Queued) -> Outcome {
    let endpoint = match webhooks.endpoints.get(queued.endpoint.as_bytes()) {
        Ok(Some(raw)) => decode::<super::Endpoint>(&raw).ok()?,
        _ => return None,
    };
    let response = client
        .post(&endpoint.url)
        .header("content-type", "application/json")
        .header("x-debrief-event", &queued.event)
        .header("x-debrief-delivery", &queued.id)
        .header(
            "x-debrief-signature",
            signature(&endpoint.secret, queued.body.as_bytes()),
        )
        .body(queued.body.clone())
        .send()
        .await;
    Some(match response {
        Ok(response) => Ok(response.status().as_u16()),
        Err(e) => Err(e.to_string()),
    })
}

impl Webhooks {
    /// Up to `limit` queued deliveries due at `now_ms`, with their queue keys.
    fn due(&self, now_ms: u64, limit: usize) -> Result<Vec<(Vec<u8>, Queued)>, StoreError> {
        let end = (now_ms + 1).to_be_bytes();
        let mut due = self.queue.range_back(&[0; 8], &end, limit)?;
        due.reverse(); // the longest due first
        due.into_iter()
            .map(|(key, raw)| Ok((key, decode(&raw)?)))
            .collect()
    }

    /// Records an attempt's `outcome`: done (delivered, endpoint gone, or given up) leaves the
    /// queue; otherwise the delivery is queued again after its backoff. One table write each for
    /// the queue and the log.
    fn settle(&self, key: &[u8], mut queued: Queued, outcome: Outcome) -> Result<(), StoreError> {
        let Some(outcome) = outcome else {
            return self.queue.write(vec![TableOp::remove(key)]);
        };
        queued.attempts += 1;
        let now = now_ms();
        let backoff = self
            .retry_base
            .saturating_mul(1 << (queued.attempts - 1).min(20))
            .min(MAX_BACKOFF);
        let next = now + backoff.as_millis() as u64;
        let delivered = matches!(outcome, Ok(200..=299));
        let give_up = next > queued.since_ms + GIVE_UP_AFTER.as_millis() as u64;
        let (status, error) = match &outcome {
            Ok(status) => (
                Some(*status),
                (!delivered).then(|| format!("HTTP {status}")),
            ),
            Err(e) => (None, Some(e.clone())),
        };
        let attempt = Attempt {
            delivery: queued.id.clone(),
            event: queued.event.clone(),
            attempt: queued.attempts,
            at: now_rfc3339(),
            status,
            error,
            outcome: match (delivered, give_up) {
                (true, _) => "delivered",
                (false, true) => "failed",
                (false, false) => "retrying",
            }
            .to_owned(),
        };
        if !delivered {
            tracing::warn!(delivery = %queued.id, attempt = queued.attempts, outcome = %attempt.outcome, "webhook delivery failed");
        }
        let log_key = format!("{}/{now:016x}{}", queued.endpoint, queued.id);
        self.log.insert(log_key.as_bytes(), json_bytes(&attempt))?;
        let mut ops = vec![TableOp::remove(key)];
        if !delivered && !give_up {
            ops.push(TableOp::insert(
                &queue_key(next, &queued.id),
                json_bytes(&queued),
            ));
        }
        self.queue.write(ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_github() {
        // HMAC-SHA256 of "Hello, World!" keyed by "It's a Secret to Everybody" (GitHub's documented
        // example of X-Hub-Signature-256).
        assert_eq!(
            signature("It's a Secret to Everybody", b"Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        );
    }
}
