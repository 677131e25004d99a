//! `debrief serve` configuration: command-line flags, each with an environment-variable fallback.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "DEBRIEF_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// Folder of the sled store (created if missing).
    #[arg(long, env = "DEBRIEF_DATA", default_value = "./debrief-data")]
    pub data: PathBuf,

    /// Folder of the built web client, served at `/`.
    #[arg(long, env = "DEBRIEF_WEB_DIR", default_value = "web/dist")]
    pub web_dir: PathBuf,

    /// Largest WebSocket message or uploaded update, in bytes; larger ones close the connection
    /// (1009) or get HTTP 413.
    #[arg(long, env = "DEBRIEF_MAX_MESSAGE_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_message_bytes: usize,

    /// Largest `POST /api/lint` request body, in bytes (it lints drafts such as comments);
    /// larger ones get HTTP 413.
    #[arg(long, env = "DEBRIEF_LINT_MAX_BYTES", default_value_t = 64 * 1024)]
    pub lint_max_bytes: usize,

    /// Deadline of a CPU-bound request (lint, Markdown import), waiting for a core included:
    /// one still waiting then gets 503 (busy, with Retry-After), one still running is stopped.
    #[arg(long, env = "DEBRIEF_WORK_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub work_timeout: Duration,

    /// On SIGTERM or Ctrl-C, the process exits within this time whatever is running: peers are
    /// closed (1001) and the store flushed first when time allows; what was acknowledged is in
    /// the store's logs either way.
    #[arg(long, env = "DEBRIEF_SHUTDOWN_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub shutdown_timeout: Duration,

    /// Unload a document from memory after it has had no peers for this long.
    #[arg(long, env = "DEBRIEF_IDLE_UNLOAD", default_value = "30s", value_parser = humantime::parse_duration)]
    pub idle_unload: Duration,

    /// Compact a document's update log into a snapshot once it holds this many updates.
    #[arg(long, env = "DEBRIEF_COMPACT_EVERY", default_value_t = 1000)]
    pub compact_every: u64,

    /// Bytes queued for one peer before it counts as too slow and is closed (1013); it
    /// resyncs when it reconnects.
    #[arg(long, env = "DEBRIEF_SEND_BUFFER_BYTES", default_value_t = 8 * 1024 * 1024)]
    pub send_buffer_bytes: usize,

    /// Interval of keepalive pings; a peer silent for 2.5 intervals is disconnected.
    #[arg(long, env = "DEBRIEF_PING_INTERVAL", default_value = "30s", value_parser = humantime::parse_duration)]
    pub ping_interval: Duration,

    /// Server key: turns on auth mode. Every request then needs this key (as a Bearer token) or
    /// a share-link token. Without it Debrief runs in open mode: everyone may edit everything.
    #[arg(long, env = "DEBRIEF_AUTH_KEY", hide_env_values = true)]
    pub auth_key: Option<String>,

    /// Base URL used in share links (default: taken from each request's Host header).
    #[arg(long, env = "DEBRIEF_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// First wait before a failed webhook delivery is tried again; each further wait doubles, up
    /// to an hour apart, for 24 hours.
    #[arg(long, env = "DEBRIEF_WEBHOOK_RETRY_BASE", default_value = "10s", value_parser = humantime::parse_duration)]
    pub webhook_retry_base: Duration,
    /// OpenID Connect issuer URL: turns on sign-in with this identity provider (needs
    /// `--auth-key` and `--public-url`; the redirect URI is `{public-url}/auth/callback`).
    #[arg(long, env = "DEBRIEF_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,

    /// OpenID Connect client id registered with the provider.
    #[arg(long, env = "DEBRIEF_OIDC_CLIENT_ID")]
    pub oidc_client_id: Option<String>,

    /// OpenID Connect client secret (none for a public client).
    #[arg(long, env = "DEBRIEF_OIDC_CLIENT_SECRET", hide_env_values = true)]
    pub oidc_client_secret: Option<String>,

    /// E-mail domains allowed to sign in, comma-separated (empty: any).
    #[arg(long, env = "DEBRIEF_OIDC_ALLOWED_DOMAINS", value_delimiter = ',')]
    pub oidc_allowed_domains: Vec<String>,

    /// Members who administer, comma-separated: e-mails, or `group:NAME` matched against the ID
    /// token's `groups` claim.
    #[arg(long, env = "DEBRIEF_OIDC_ADMINS", value_delimiter = ',')]
    pub oidc_admins: Vec<String>,

    /// How many days the audit trail keeps a record (older ones are removed hourly).
    #[arg(long, env = "DEBRIEF_AUDIT_RETENTION_DAYS", default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..))]
    pub audit_retention_days: u32,

    /// How long a sign-in lasts.
    #[arg(long, env = "DEBRIEF_SESSION_TTL", default_value = "12h", value_parser = humantime::parse_duration)]
    pub session_ttl: Duration,

    /// Blame-annotator rules (TOML) extending or replacing the built-in ones.
    #[arg(long, env = "DEBRIEF_RULES")]
    pub rules: Option<PathBuf>,

    /// Names the privacy check flags wherever they appear (customers, say): one per line, `#`
    /// starts a comment.
    #[arg(long, env = "DEBRIEF_PRIVACY_TERMS")]
    pub privacy_terms: Option<PathBuf>,

    /// Action-item word lists (TOML, the shape of the built-in `words.toml`) added to the
    /// built-in ones: imperatives that are not people, column names, ticket prefixes.
    #[arg(long, env = "DEBRIEF_ACTION_WORDS")]
    pub action_words: Option<PathBuf>,

    /// What an update survives once it has been broadcast. `process`: a crash or kill -9 of
    /// Debrief (each update is in its document's log file, held by the operating system, before
    /// it is broadcast; the logs are fsynced every second, so a power loss can take the last
    /// second).
    /// `machine`: a power loss too (an fsync before every broadcast, shared by concurrent rooms;
    /// each keystroke then waits for the disk).
    #[arg(long, env = "DEBRIEF_DURABILITY", value_enum, default_value_t = Durability::Process)]
    pub durability: Durability,
}

/// See [`ServeConfig::durability`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Durability {
    Process,
    Machine,
}
