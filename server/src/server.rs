//! `debrief serve`: wires store, rooms and routes together and runs until asked to stop.
//!
//! Shutdown is graceful and bounded: on the signal, stop accepting, cancel CPU-bound request work
//! ([`crate::work`]), close every room (peers get 1001 after their last updates are durable) while
//! in-flight requests finish, give the sockets a moment to send their close frames, flush the
//! store. All of it within `--shutdown-timeout`: what is still running at the deadline is left
//! behind (the process exits; see `main.rs`). Nothing acknowledged is lost by that, since every
//! acknowledged update is in its document's log, and every table write in the write-ahead log,
//! before it is acknowledged.

use std::future::{Future, IntoFuture};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use prometheus_client::metrics::counter::Counter;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::audit::Audit;
use crate::auth::oidc::{Oidc, OidcConfig, OidcError};
use crate::auth::sessions::SessionTable;
use crate::auth::Auth;
use crate::config::{Durability, ServeConfig};
use crate::connection::Limits;
use crate::doc_name::DocName;
use crate::hooks::actions::Words;
use crate::hooks::blame::RuleSet;
use crate::hooks::checks::Checks;
use crate::hooks::privacy::Terms;
use crate::http::sso::Sso;
use crate::http::{router, AppState};
use crate::insights::{Insights, InsightsConfig};
use crate::lifecycle::versions::Versions;
use crate::lifecycle::{restore_stage, Reviews};
use crate::metrics::Metrics;
use crate::postmortem::Postmortem;
use crate::room::{RoomChange, Rooms, RoomsConfig};
use crate::store::{GroupCommit, SledStore, Store, StoreError, Table};
use crate::summaries::Summaries;
use crate::tracker::Tracker;
use crate::webhooks::{self, Webhooks};
use crate::work::Work;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the store in {path} (is another debrief using it?)")]
    OpenStore { path: String, source: StoreError },
    #[error("cannot listen on {addr}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error("final flush failed: {0}")]
    Flush(StoreError),
    #[error(transparent)]
    Oidc(#[from] OidcError),
    #[error("cannot read rules from {path}")]
    Rules {
        path: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot read privacy terms from {path}")]
    PrivacyTerms {
        path: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot read action-item words from {path}")]
    ActionWords {
        path: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// Sends the tracker's item events to the webhooks, and sweeps for items that became overdue as
/// days passed: at startup, then every hour.
fn follow_action_items(
    tracker: &Arc<Tracker>,
    webhooks: &Arc<Webhooks>,
    summaries: &Arc<Summaries>,
    public_url: Option<String>,
) {
    let (notifier, titles) = (webhooks.clone(), summaries.clone());
    let base = public_url.unwrap_or_default();
    tracker.on_event(Arc::new(move |event, item| {
        let title = DocName::parse(&item.postmortem)
            .ok()
            .and_then(|name| titles.get_json(&name).ok().flatten())
            .and_then(|json: Vec<u8>| serde_json::from_slice::<serde_json::Value>(&json).ok())
            .and_then(|summary| summary["title"].as_str().map(str::to_owned))
            .unwrap_or_default();
        notifier.action_item(event, item, &title, &base);
    }));
    let tracker = tracker.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(OVERDUE_SWEEP);
        loop {
            every.tick().await;
            let tracker = tracker.clone();
            let today = time::OffsetDateTime::now_utc().date();
            match tokio::task::spawn_blocking(move || tracker.sweep_overdue(today)).await {
                Ok(Ok(0)) => {}
                Ok(Ok(sent)) => tracing::info!(items = sent, "overdue action items notified"),
                Ok(Err(e)) => tracing::error!(error = %e, "sweeping overdue action items failed"),
                Err(e) => tracing::error!(error = %e, "sweeping overdue action items failed"),
            }
        }
    });
}

/// How often items that became overdue with the date are looked for.
const OVERDUE_SWEEP: Duration = Duration::from_secs(3600);

/// Reads the file a flag names and parses it with `parse`.
fn load<T, E: std::error::Error + Send + Sync + 'static>(
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, Box<dyn std::error::Error + Send + Sync>> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse(&text)?)
}

/// How long open sockets get to close after the rooms shut down (within the deadline).
const DRAIN: Duration = Duration::from_secs(2);

/// Runs the server until `shutdown` resolves. Prints the URL it serves on stdout once listening.
pub async fn serve(
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let data = config.data.clone();
    let open_error = |source| ServeError::OpenStore {
        path: config.data.display().to_string(),
        source,
    };
    let metrics = Arc::new(Metrics::default());
    let loads = metrics.document_loads.clone();
    let opened = tokio::task::spawn_blocking(move || open_store(&data, loads))
        .await
        .map_err(std::io::Error::other)?;
    let Opened {
        store,
        tracker,
        summaries,
        reviews,
        versions,
        links,
        audit,
        webhooks,
        sessions,
    } = opened.map_err(open_error)?;
    let auth = match &config.auth_key {
        Some(key) if !key.is_empty() => {
            tracing::info!("auth mode: requests need the server key or a share-link token");
            Some(Arc::new(Auth::new(key, links).map_err(open_error)?))
        }
        _ => {
            tracing::warn!("AUTH IS OFF (open mode): anyone who can reach this server can read and edit every postmortem; set --auth-key / DEBRIEF_AUTH_KEY to require share links");
            None
        }
    };
    if let Some(auth) = &auth {
        tokio::spawn(sweep_links(auth.clone()));
    }
    let sso = sign_in(&config).await?;
    let commit = match config.durability {
        Durability::Process => None,
        Durability::Machine => Some(GroupCommit::start(store.clone(), metrics.clone())),
    };
    let rooms = Rooms::new(
        store.clone(),
        commit,
        metrics.clone(),
        RoomsConfig {
            idle_unload: config.idle_unload,
            compact_every: config.compact_every,
        },
    );
    let rules = match &config.rules {
        Some(path) => load(path, RuleSet::from_toml).map_err(|source| ServeError::Rules {
            path: path.display().to_string(),
            source,
        })?,
        None => RuleSet::default_rules(),
    };
    let terms = match &config.privacy_terms {
        Some(path) => load(path, Terms::parse).map_err(|source| ServeError::PrivacyTerms {
            path: path.display().to_string(),
            source,
        })?,
        None => Terms::default(),
    };
    rules.prepare();
    let checks = Checks {
        rules,
        terms,
        blame: true,
        privacy: true,
    };
    let action_words = Arc::new(match &config.action_words {
        Some(path) => {
            load(path, Words::with_overlay).map_err(|source| ServeError::ActionWords {
                path: path.display().to_string(),
                source,
            })?
        }
        None => Words::builtin().clone(),
    });
    let work = Work::per_core(config.work_timeout, metrics.clone());
    let stopping = CancellationToken::new();
    let audit = Audit::start(audit);
    tokio::spawn(audit.clone().prune_periodically(Duration::from_secs(
        u64::from(config.audit_retention_days) * 24 * 3600,
    )));
    let [endpoints, queue, log] = webhooks;
    let webhooks = Arc::new(Webhooks::new(
        endpoints,
        queue,
        log,
        config.webhook_retry_base,
    ));
    webhooks::delivery::start(webhooks.clone());
    follow_action_items(&tracker, &webhooks, &summaries, config.public_url.clone());
    let recorder = audit.clone();
    let (watched, guarded) = (rooms.clone(), reviews.clone());
    rooms.on_change(Arc::new(move |name, actor, change| {
        // A postmortem's stage changes only through the review API, which records the step and
        // then writes `meta.status` as the server; what anyone else writes there is put back.
        if let RoomChange::Status { from, .. } = change {
            if !actor.is_server() {
                restore_stage(watched.clone(), guarded.clone(), name.clone(), from);
            }
            return;
        }
        recorder.record(name.postmortem_id(), actor.clone(), change.into());
    }));
    let state = Arc::new(AppState {
        rooms: rooms.clone(),
        store: store.clone(),
        metrics: metrics.clone(),
        limits: Limits {
            send_buffer_bytes: config.send_buffer_bytes,
            ping_interval: config.ping_interval,
            idle_timeout: config.ping_interval.mul_f32(2.5),
        },
        max_message_bytes: config.max_message_bytes,
        auth,
        public_url: config.public_url.clone(),
        tracker: tracker.clone(),
        summaries: summaries.clone(),
        checks: checks.clone(),
        action_words: action_words.clone(),
        reviews,
        versions,
        lint_max_bytes: config.lint_max_bytes,
        work: work.clone(),
        audit,
        webhooks,
        stopping: stopping.clone(),
        sso: sso.clone(),
    });
    let insights = Insights::new(
        rooms.clone(),
        checks,
        action_words,
        tracker.clone(),
        summaries,
        InsightsConfig::default(),
    );
    rooms.watch_bodies(Postmortem::laid_out_in, move |name, state| {
        insights.watch(name, state)
    });
    let app = router(state, &config.web_dir);
    let app = match (&sso, &config.auth_key) {
        (Some(sso), Some(key)) => {
            tokio::spawn(sweep_sessions(sessions.clone()));
            app.layer(sso.layer(sessions, key))
        }
        _ => app,
    };
    tokio::spawn(crate::allocator::give_back_free_memory());

    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.addr,
            source,
        })?;
    let addr = listener.local_addr()?;
    // Without TCP_NODELAY, Nagle's algorithm holds each small frame (a keystroke's update, its
    // echo) back until the previous one is acknowledged, and the peer delays that ACK: a peer
    // with several edits in flight waits up to a delayed-ACK timeout per round trip.
    let listener = listener.tap_io(|stream| {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set on a connection");
        }
    });
    tracing::info!(%addr, data = %config.data.display(), "Debrief listening");
    println!("Debrief is running at http://{addr}/");

    let (signalled, on_signal) = tokio::sync::oneshot::channel();
    let serving = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = signalled.send(());
        })
        .into_future();
    tokio::pin!(serving);
    // The signal is sent before axum sees it, so once it has been sent it is ready whenever
    // `serving` is: check it first, or an unbiased select could take `serving`'s return and skip
    // the shutdown below (rooms left without closing their peers, no final flush).
    tokio::select! {
        biased;
        _ = on_signal => {}
        served = &mut serving => return served.map_err(ServeError::from),
    }
    // From here on everything is bounded by the deadline. Nothing acknowledged depends on what
    // follows finishing: every acknowledged update is already in its document's log.
    let deadline = tokio::time::Instant::now() + config.shutdown_timeout;
    let drain_deadline = deadline - config.shutdown_timeout / 4;
    tracing::info!(timeout = ?config.shutdown_timeout, "shutting down");
    work.cancel_all();
    stopping.cancel();
    let drained = tokio::time::timeout_at(drain_deadline, async {
        // Rooms make their last updates durable and close their peers (1001) while the
        // listener, already closed, lets in-flight requests finish.
        let (_, served) = tokio::join!(rooms.shutdown(), &mut serving);
        let close_frames = tokio::time::Instant::now() + DRAIN;
        while metrics.connections.get() > 0 && tokio::time::Instant::now() < close_frames {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        served
    })
    .await;
    match drained {
        Ok(served) => served?,
        Err(_) => tracing::warn!(
            connections = metrics.connections.get(),
            "requests or rooms still busy at the shutdown deadline; leaving them"
        ),
    }
    let flush = tokio::task::spawn_blocking(move || store.flush());
    match tokio::time::timeout_at(deadline, flush).await {
        Ok(flushed) => flushed
            .map_err(std::io::Error::other)?
            .map_err(ServeError::Flush)?,
        Err(_) => {
            tracing::warn!(
                "the final flush did not finish in time; the logs hold every acknowledged write"
            );
            return Ok(());
        }
    }
    tracing::info!("stopped cleanly");
    Ok(())
}

/// The store and what lives in its tables.
struct Opened {
    store: Arc<dyn Store>,
    tracker: Arc<Tracker>,
    summaries: Arc<Summaries>,
    reviews: Arc<Reviews>,
    versions: Arc<Versions>,
    links: Arc<dyn Table>,
    audit: Arc<dyn Table>,
    /// Webhook endpoints, their delivery queue and log.
    webhooks: [Arc<dyn Table>; 3],
    sessions: SessionTable,
}

/// Opens the store in `data` (replaying its write-ahead log), counting whole-document reads in
/// `loads`, and brings its indexes up to date. Blocks.
fn open_store(data: &Path, loads: Counter) -> Result<Opened, StoreError> {
    let mut sled = SledStore::open(data)?;
    sled.count_loads(loads);
    let store: Arc<dyn Store> = Arc::new(sled);
    let tracker = Arc::new(Tracker::open(store.as_ref())?);
    let summaries = Arc::new(Summaries::open(store.clone())?);
    let rebuilt = summaries.rebuild_stale()?;
    if rebuilt > 0 {
        tracing::info!(
            postmortems = rebuilt,
            "indexed the summaries of changed postmortems"
        );
    }
    Ok(Opened {
        reviews: Arc::new(Reviews::open(store.as_ref())?),
        versions: Arc::new(Versions::open(store.as_ref())?),
        links: store.table("links")?,
        audit: store.table("audit")?,
        webhooks: [
            store.table("webhooks")?,
            store.table("webhook_queue")?,
            store.table("webhook_log")?,
        ],
        sessions: SessionTable::new(store.table("sessions")?),
        store,
        tracker,
        summaries,
    })
}

/// Sign-in with OpenID Connect when `--oidc-issuer` is set: checks the flags it needs and
/// discovers the provider.
async fn sign_in(config: &ServeConfig) -> Result<Option<Arc<Sso>>, OidcError> {
    let Some(issuer) = &config.oidc_issuer else {
        return Ok(None);
    };
    let missing = |what: &str| OidcError::Config(format!("--oidc-issuer needs {what}"));
    if config.auth_key.as_deref().unwrap_or("").is_empty() {
        return Err(missing(
            "--auth-key (the server key, which keys the session cookies)",
        ));
    }
    let public_url = config.public_url.as_deref().ok_or_else(|| {
        missing("--public-url (the provider redirects to {public-url}/auth/callback)")
    })?;
    let client_id = config
        .oidc_client_id
        .clone()
        .ok_or_else(|| missing("--oidc-client-id"))?;
    let url = openidconnect::url::Url::parse(public_url)
        .map_err(|e| OidcError::Config(format!("--public-url {public_url}: {e}")))?;
    let origin = url.origin().ascii_serialization();
    let lower = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let oidc = Oidc::discover(OidcConfig {
        issuer: issuer.clone(),
        client_id,
        client_secret: config.oidc_client_secret.clone(),
        redirect_uri: format!("{}/auth/callback", public_url.trim_end_matches('/')),
        allowed_domains: lower(&config.oidc_allowed_domains),
        admins: lower(&config.oidc_admins),
    })
    .await?;
    tracing::info!(%issuer, "sign-in with OpenID Connect");
    Ok(Some(Arc::new(Sso {
        oidc,
        ttl: config.session_ttl,
        origin,
    })))
}

/// Removes expired share links from the store (and so from their postmortems' lists), once an
/// hour.
async fn sweep_links(auth: Arc<Auth>) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        let auth = auth.clone();
        let swept =
            tokio::task::spawn_blocking(move || auth.links.remove_expired(crate::auth::now_secs()))
                .await;
        match swept {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::debug!(links = n, "removed expired share links"),
            Ok(Err(e)) => tracing::warn!(error = %e, "cannot remove expired share links"),
            Err(e) => tracing::warn!(error = %e, "share-link sweep failed"),
        }
    }
}

/// Removes expired sign-in sessions from the store, once a minute.
async fn sweep_sessions(sessions: SessionTable) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        let sessions = sessions.clone();
        let swept = tokio::task::spawn_blocking(move || {
            sessions.delete_expired(time::OffsetDateTime::now_utc())
        })
        .await;
        match swept {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => tracing::debug!(sessions = n, "removed expired sessions"),
            Ok(Err(e)) => tracing::warn!(error = %e, "cannot remove expired sessions"),
            Err(e) => tracing::warn!(error = %e, "session sweep failed"),
        }
    }
}

/// Listens for SIGINT and SIGTERM from the moment it is called, and resolves on the first. Call
/// it inside the runtime and before [`serve`] prints its URL: a handler registered only when the
/// future is first polled leaves a window after the URL in which a SIGTERM meets the default
/// action and kills the process, with no graceful shutdown.
#[cfg(unix)]
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{signal, SignalKind};
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        tokio::select! {
            _ = received(interrupt, "SIGINT") => {}
            _ = received(terminate, "SIGTERM") => {}
        }
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Resolves when the signal arrives; never if it could not be listened for.
#[cfg(unix)]
async fn received(signal: std::io::Result<tokio::signal::unix::Signal>, name: &str) {
    match signal {
        Ok(mut signal) => {
            signal.recv().await;
        }
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for {name}");
            std::future::pending::<()>().await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeConfig,
    }

    async fn sign_in_error(args: &[&str]) -> String {
        let cli = Cli::try_parse_from([&["debrief"], args].concat()).unwrap();
        match sign_in(&cli.serve).await {
            Ok(_) => panic!("sign-in configured from {args:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[tokio::test]
    async fn sign_in_needs_the_server_key_a_public_url_and_a_client() {
        let issuer = ["--oidc-issuer", "http://127.0.0.1:1"];
        assert!(sign_in_error(&issuer).await.contains("--auth-key"));
        let keyed = [&issuer[..], &["--auth-key", "k", "--oidc-client-id", "c"]].concat();
        assert!(sign_in_error(&keyed).await.contains("--public-url"));
        let public = [&keyed[..], &["--public-url", "not a url"]].concat();
        assert!(sign_in_error(&public)
            .await
            .contains("--public-url not a url"));
        let unreachable = [&keyed[..], &["--public-url", "http://127.0.0.1:9"]].concat();
        assert!(sign_in_error(&unreachable)
            .await
            .contains("cannot discover the identity provider http://127.0.0.1:1"));
    }

    #[tokio::test]
    async fn no_issuer_no_sign_in() {
        let cli = Cli::try_parse_from(["debrief", "--auth-key", "k"]).unwrap();
        assert!(sign_in(&cli.serve).await.unwrap().is_none());
    }
}
