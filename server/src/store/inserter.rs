//! The inserter: the thread that puts logged appends into the storage engine, so that no engine
//! call runs on the thread of the room that appends.
//!
//! An append is on every keystroke's path: the room broadcasts an update only once it survives a
//! crash of the process. The [write-ahead log](super::wal) gives that promise with one `write`
//! call; the engine's own insert (sled's B-tree, its page cache, its occasional I/O) does not need
//! to happen before the broadcast, only before anyone reads the document from the engine again.
//! So [`SledStore::append`](super::SledStore) writes the log record and *queues* the insert here,
//! without waiting: the room goes on at once, and this thread inserts everything queued whenever
//! it wakes (under load, many rooms' appends per wake-up).
//!
//! Readers of the engine ([`Store::load`](super::Store::load), compaction, listings) first wait
//! for what was queued before them ([`Inserter::settle`]): usually nothing, at most a few
//! queued inserts. A checkpoint settles before it flushes the engine and drops log segments, so a
//! record leaves the log only once the engine holds it. The queue is bounded: if the engine
//! falls far behind, appends wait for it rather than pile up in memory.

use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use super::StoreError;

/// Inserts queued and not yet taken by the thread before an append waits.
const QUEUE: usize = 1024;

/// One queued insert: document name, sequence number, update.
type Insert = (String, u64, Vec<u8>);

/// Puts one update into the engine.
pub(super) type Apply = Box<dyn FnMut(&str, u64, &[u8]) -> Result<(), StoreError> + Send>;

pub(super) struct Inserter {
    jobs: Option<SyncSender<Insert>>,
    progress: Arc<Progress>,
    thread: Option<JoinHandle<()>>,
}

/// How far the thread has got, shared with those who wait for it.
#[derive(Default)]
pub(super) struct Progress {
    state: Mutex<State>,
    advanced: Condvar,
}

#[derive(Default)]
struct State {
    queued: u64,
    inserted: u64,
    /// Threads waiting in [`Progress::settle`].
    waiting: usize,
    /// The first insert that failed: the engine no longer holds what the log does (a restart
    /// replays the log). Every later call fails with it.
    failed: Option<String>,
}

impl Inserter {
    /// Starts the thread, which inserts with `apply`.
    pub fn start(mut apply: Apply) -> Inserter {
        let progress = Arc::new(Progress::default());
        let (jobs, queue) = mpsc::sync_channel::<Insert>(QUEUE);
        let shared = progress.clone();
        let thread = std::thread::Builder::new()
            .name("debrief-inserter".into())
            .spawn(move || {
                while let Ok(first) = queue.recv() {
                    let mut count = 0;
                    let mut failed = None;
                    for (name, seq, update) in std::iter::once(first).chain(queue.try_iter()) {
                        count += 1;
                        if let Err(e) = apply(&name, seq, &update) {
                            tracing::error!(doc = %name, seq, error = %e, "storing an update failed; the write-ahead log keeps it for the next start");
                            failed.get_or_insert_with(|| e.to_string());
                        }
                    }
                    shared.advance(count, failed);
                }
            })
            .expect("spawning the store's inserter thread");
        Inserter {
            jobs: Some(jobs),
            progress,
            thread: Some(thread),
        }
    }

    /// Queues an insert; the caller must have logged it first.
    pub fn queue(&self, name: &str, seq: u64, update: &[u8]) -> Result<(), StoreError> {
        self.progress.queued()?;
        let sent = self
            .jobs
            .as_ref()
            .map(|jobs| jobs.send((name.to_owned(), seq, update.to_vec())));
        match sent {
            Some(Ok(())) => Ok(()),
            _ => Err(StoreError::Task(
                "the store's inserter thread stopped".into(),
            )),
        }
    }

    /// Waits until everything queued before this call is in the engine.
    pub fn settle(&self) -> Result<(), StoreError> {
        self.progress.settle()
    }

    /// A handle to wait with from another thread (the log's checkpoints).
    pub fn progress(&self) -> Arc<Progress> {
        self.progress.clone()
    }
}

impl Drop for Inserter {
    /// Inserts what is still queued, then stops the thread.
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Progress {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn queued(&self) -> Result<(), StoreError> {
        let mut state = self.lock();
        if let Some(why) = &state.failed {
            return Err(StoreError::Task(format!("an earlier insert failed: {why}")));
        }
        state.queued += 1;
        Ok(())
    }

    fn advance(&self, count: u64, failed: Option<String>) {
        let mut state = self.lock();
        state.inserted += count;
        if state.failed.is_none() {
            state.failed = failed;
        }
        if state.waiting > 0 {
            self.advanced.notify_all();
        }
    }

    /// Waits until everything queued before this call is in the engine.
    pub fn settle(&self) -> Result<(), StoreError> {
        let mut state = self.lock();
        let target = state.queued;
        while state.inserted < target {
            state.waiting += 1;
            state = self.advanced.wait(state).unwrap_or_else(|e| e.into_inner());
            state.waiting -= 1;
        }
        match &state.failed {
            Some(why) => Err(StoreError::Task(format!("an earlier insert failed: {why}"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[test]
    fn settle_waits_for_what_was_queued_before_it() {
        let stored = Arc::new(Mutex::new(Vec::new()));
        let gate = Arc::new(AtomicBool::new(false));
        let (into, open) = (stored.clone(), gate.clone());
        let inserter = Inserter::start(Box::new(move |name, seq, update| {
            while !open.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(1));
            }
            into.lock()
                .unwrap()
                .push((name.to_owned(), seq, update.to_vec()));
            Ok(())
        }));
        for seq in 1..=3 {
            inserter.queue("pm", seq, b"u").unwrap();
        }
        // Nothing can be inserted while the gate is shut.
        std::thread::sleep(Duration::from_millis(20));
        assert!(stored.lock().unwrap().is_empty());
        let opener = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            gate.store(true, Ordering::SeqCst);
        });
        inserter.settle().unwrap();
        let seqs: Vec<u64> = stored.lock().unwrap().iter().map(|(_, s, _)| *s).collect();
        assert_eq!(seqs, [1, 2, 3]);
        opener.join().unwrap();
    }

    #[test]
    fn a_failed_insert_fails_later_calls_and_dropping_drains_the_queue() {
        let stored = Arc::new(Mutex::new(Vec::new()));
        let into = stored.clone();
        let inserter = Inserter::start(Box::new(move |_, seq, _| {
            if seq == 2 {
                return Err(StoreError::Corrupt("disk full".into()));
            }
            into.lock().unwrap().push(seq);
            Ok(())
        }));
        inserter.queue("pm", 1, b"u").unwrap();
        inserter.queue("pm", 2, b"u").unwrap();
        assert!(inserter.settle().is_err());
        assert!(inserter.queue("pm", 3, b"u").is_err());
        assert_eq!(*stored.lock().unwrap(), [1]);

        let stored = Arc::new(Mutex::new(0));
        let into = stored.clone();
        let inserter = Inserter::start(Box::new(move |_, _, _| {
            std::thread::sleep(Duration::from_millis(1));
            *into.lock().unwrap() += 1;
            Ok(())
        }));
        for seq in 1..=50 {
            inserter.queue("pm", seq, b"u").unwrap();
        }
        drop(inserter);
        assert_eq!(*stored.lock().unwrap(), 50);
    }
}
