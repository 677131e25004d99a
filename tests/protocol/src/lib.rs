//! Shared helpers
