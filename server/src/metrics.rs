//! Prometheus metrics, served at `GET /metrics`.
//!
//! One [`Metrics`] value is shared (in an `Arc`) by the rooms, the connections and the group commit;
//! each field is an atomic, so recording never takes a lock.

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

pub struct Metrics {
    registry: Registry,
    pub connections: Gauge,
    pub rooms_loaded: Gauge,
    pub room_loads: Counter,
    pub updates_applied: Counter,
    pub update_bytes: Counter,
    pub peers_dropped_slow: Counter,
    pub protocol_errors: Counter,
    pub compactions: Counter,
    pub full_state_encodes: Counter,
    pub document_loads: Counter,
    pub store_bytes: Gauge,
    pub sync_seconds: Histogram,
    pub work_queued: Gauge,
    pub work_running: Gauge,
    pub work_refused_busy: Counter,
    pub work_abandoned: Counter,
    pub work_deadline_exceeded: Counter,
    pub work_seconds: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("debrief");
        let connections = Gauge::default();
        let rooms_loaded = Gauge::default();
        let room_loads = Counter::default();
        let updates_applied = Counter::default();
        let update_bytes = Counter::default();
        let peers_dropped_slow = Counter::default();
        let protocol_errors = Counter::default();
        let compactions = Counter::default();
        let full_state_encodes = Counter::default();
        let document_loads = Counter::default();
        let store_bytes = Gauge::default();
        // 50 µs .. ~0.8 s
        let sync_seconds = Histogram::new(exponential_buckets(0.000_05, 2.0, 15));
        let work_queued = Gauge::default();
        let work_running = Gauge::default();
        let work_refused_busy = Counter::default();
        let work_abandoned = Counter::default();
        let work_deadline_exceeded = Counter::default();
        // 100 µs .. ~13 s
        let work_seconds = Histogram::new(exponential_buckets(0.000_1, 2.0, 18));
        registry.register(
            "connections",
            "Open WebSocket connections",
            connections.clone(),
        );
        registry.register(
            "rooms_loaded",
            "Documents loaded in memory",
            rooms_loaded.clone(),
        );
        registry.register(
            "room_loads",
            "Documents loaded from storage into memory",
            room_loads.clone(),
        );
        registry.register(
            "updates_applied",
            "Document updates integrated and made durable",
            updates_applied.clone(),
        );
        registry.register(
            "update_bytes",
            "Bytes of document updates appended to storage",
            update_bytes.clone(),
        );
        registry.register(
            "peers_dropped_slow",
            "Connections closed because they could not keep up (code 1013)",
            peers_dropped_slow.clone(),
        );
        registry.register(
            "protocol_errors",
            "Connections closed for malformed, unknown or oversize messages",
            protocol_errors.clone(),
        );
        registry.register(
            "compactions",
            "Log compactions completed",
            compactions.clone(),
        );
        registry.register(
            "full_state_encodes",
            "Encodings of a whole live document: a newcomer's first sync (shared until the document changes), a backup download, a compaction, the start of a body room's watcher; never one per keystroke",
            full_state_encodes.clone(),
        );
        registry.register(
            "document_loads",
            "Whole documents read from storage: a room loading, an export, rebuilding a stale summary; never a listing or a search",
            document_loads.clone(),
        );
        registry.register(
            "store_bytes",
            "Bytes the store occupies on disk",
            store_bytes.clone(),
        );
        registry.register(
            "sync_seconds",
            "Latency of the syncs (fsync) awaited before broadcast with --durability machine (one may cover many updates)",
            sync_seconds.clone(),
        );
        registry.register(
            "work_queued",
            "CPU-bound requests (lint, Markdown import) waiting for a core",
            work_queued.clone(),
        );
        registry.register(
            "work_running",
            "CPU-bound requests running",
            work_running.clone(),
        );
        registry.register(
            "work_refused_busy",
            "CPU-bound requests refused with 503 after waiting for a core until their deadline",
            work_refused_busy.clone(),
        );
        registry.register(
            "work_abandoned",
            "CPU-bound requests stopped because their client went away",
            work_abandoned.clone(),
        );
        registry.register(
            "work_deadline_exceeded",
            "CPU-bound requests stopped at their deadline",
            work_deadline_exceeded.clone(),
        );
        registry.register(
            "work_seconds",
            "Time CPU-bound requests spent running",
            work_seconds.clone(),
        );
        Metrics {
            registry,
            connections,
            rooms_loaded,
            room_loads,
            updates_applied,
            update_bytes,
            peers_dropped_slow,
            protocol_errors,
            compactions,
            full_state_encodes,
            document_loads,
            store_bytes,
            sync_seconds,
            work_queued,
            work_running,
            work_refused_busy,
            work_abandoned,
            work_deadline_exceeded,
            work_seconds,
        }
    }
}

impl Metrics {
    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        encode(&mut out, &self.registry).expect("writing to a String cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::default();
        m.connections.inc();
        m.updates_applied.inc_by(3);
        m.sync_seconds.observe(0.001);
        let text = m.render();
        assert!(text.contains("debrief_connections 1"), "{text}");
        assert!(text.contains("debrief_updates_applied_total 3"), "{text}");
        assert!(text.contains("debrief_sync_seconds_count 1"), "{text}");
        assert!(text.ends_with("# EOF\n"));
    }
}
