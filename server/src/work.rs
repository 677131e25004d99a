//! CPU-bound request work (linting a text, importing Markdown): bounded, with a deadline, and
//! abandoned when nobody waits for it any more.
//!
//! A request handler must never run such work on the async threads: a few large requests would
//! take every worker thread, and health checks, WebSocket traffic and even the shutdown signal
//! would wait for them. [`Work::run`] instead
//! - waits for one of `cores` permits, so at most one job per core runs (requests queue, they do
//!   not pile up threads);
//! - runs the job on a thread of its own at a lower priority (nice 10), holding the permit until
//!   the job has really returned: the async threads, and so health checks and WebSocket traffic,
//!   come first even while jobs keep every core busy;
//! - gives the whole request (queueing included) a deadline: a request still queued at its
//!   deadline is answered "busy" (503 with `Retry-After`), one still running is stopped;
//! - stops the job when its handler future is dropped (the client disconnected, or the server
//!   shuts down) or when [`Work::cancel_all`] is called at shutdown.
//!
//! Stopping is cooperative: a job receives a [`Cancel`] and calls [`Cancel::check`] at bounded
//! intervals (per line or paragraph), so its CPU really stops instead of running on unobserved.
//! The request itself never waits past its deadline or the shutdown signal: a job that has not
//! reached a check keeps its permit until it returns, but nobody waits for it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::metrics::Metrics;

/// How long past its deadline a request waits for a job that has not yet seen its cancellation.
const DEADLINE_GRACE: Duration = Duration::from_millis(100);

/// Why a job did not produce its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum WorkError {
    /// Every permit stayed taken until the request's deadline; the job never started.
    #[error("the server is busy with other requests; retry shortly")]
    Busy,
    /// The job ran past its deadline and was stopped.
    #[error("the request took longer than the server allows")]
    DeadlineExceeded,
    /// The server is shutting down, or the job was abandoned.
    #[error("the request was cancelled")]
    Cancelled,
    /// The job panicked (a bug); it is logged.
    #[error("the request failed unexpectedly")]
    Failed,
}

/// A job's way to learn that it should stop: its requester left, its deadline passed or the
/// server is shutting down. Cheap to check; check it every bounded step.
pub struct Cancel {
    abandoned: Arc<AtomicBool>,
    shutdown: CancellationToken,
    deadline: Instant,
}

/// A job stopped early; [`Work::run`] turns it into the fitting [`WorkError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped;

impl Cancel {
    /// `Err(Stopped)` once the job should stop.
    pub fn check(&self) -> Result<(), Stopped> {
        if self.abandoned.load(Ordering::Relaxed)
            || self.shutdown.is_cancelled()
            || Instant::now() >= self.deadline
        {
            return Err(Stopped);
        }
        Ok(())
    }

    /// A `Cancel` that never fires (benchmarks and tests of a job alone).
    pub fn never() -> Cancel {
        Cancel {
            abandoned: Arc::new(AtomicBool::new(false)),
            shutdown: CancellationToken::new(),
            deadline: Instant::now() + Duration::from_secs(365 * 24 * 3600),
        }
    }
}

/// Sets the abandoned flag when dropped: the handler future went away before the job finished.
struct AbandonOnDrop(Arc<AtomicBool>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Counts one in a gauge for as long as it lives (also when a future is dropped or a job
/// panics).
struct Counted(Gauge);

impl Counted {
    fn new(gauge: &Gauge) -> Counted {
        gauge.inc();
        Counted(gauge.clone())
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Lowers the calling thread's scheduling priority (nice 10), so that while jobs keep every core
/// busy, the async threads (health checks, WebSocket traffic) still get the CPU at once when they
/// need it. On Linux the nice value is per thread; raising it needs no privilege.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn lower_priority() {
    // SAFETY: a plain syscall on the calling thread (who = 0) with valid arguments.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn lower_priority() {}

/// The limiter shared by every handler that does CPU-bound work.
#[derive(Clone)]
pub struct Work {
    permits: Arc<Semaphore>,
    deadline: Duration,
    shutdown: CancellationToken,
    metrics: Arc<Metrics>,
}

impl Work {
    /// At most `concurrency` jobs at once, each request finished within `deadline`.
    pub fn new(concurrency: usize, deadline: Duration, metrics: Arc<Metrics>) -> Work {
        Work {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            deadline,
            shutdown: CancellationToken::new(),
            metrics,
        }
    }

    /// One job per core.
    pub fn per_core(deadline: Duration, metrics: Arc<Metrics>) -> Work {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Work::new(cores, deadline, metrics)
    }

    /// Stops every running job and refuses new ones (server shutdown).
    pub fn cancel_all(&self) {
        self.shutdown.cancel();
    }

    /// Runs `job` on a thread of its own under the limits above. Dropping the returned future
    /// stops the job at its next [`Cancel::check`].
    pub async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Cancel) -> Result<T, Stopped> + Send + 'static,
    ) -> Result<T, WorkError> {
        let started = Instant::now();
        let deadline = started + self.deadline;
        let metrics = &self.metrics;
        let queued = Counted::new(&metrics.work_queued);
        let permit = tokio::select! {
            biased;
            _ = self.shutdown.cancelled() => return Err(WorkError::Cancelled),
            permit = self.permits.clone().acquire_owned() => permit,
            _ = tokio::time::sleep_until(deadline.into()) => {
                metrics.work_refused_busy.inc();
                return Err(WorkError::Busy);
            }
        };
        drop(queued);
        let Ok(permit) = permit else {
            return Err(WorkError::Cancelled); // the semaphore is never closed
        };
        if self.shutdown.is_cancelled() {
            return Err(WorkError::Cancelled);
        }
        let abandoned = Arc::new(AtomicBool::new(false));
        let _abandon_on_drop = AbandonOnDrop(abandoned.clone());
        let cancel = Cancel {
            abandoned,
            shutdown: self.shutdown.clone(),
            deadline,
        };
        let running = metrics.clone();
        let (done, outcome) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("debrief-work".into())
            .spawn(move || {
                lower_priority();
                let counted = Counted::new(&running.work_running);
                let began = Instant::now();
                let result = job(&cancel);
                running.work_seconds.observe(began.elapsed().as_secs_f64());
                drop(counted);
                drop(permit);
                let outcome = match result {
                    Ok(value) => Ok(value),
                    Err(Stopped) if cancel.shutdown.is_cancelled() => Err(WorkError::Cancelled),
                    Err(Stopped) if cancel.abandoned.load(Ordering::Relaxed) => {
                        running.work_abandoned.inc();
                        Err(WorkError::Cancelled)
                    }
                    Err(Stopped) => {
                        running.work_deadline_exceeded.inc();
                        Err(WorkError::DeadlineExceeded)
                    }
                };
                let _ = done.send(outcome);
            });
        if let Err(e) = spawned {
            tracing::error!(error = %e, "cannot start a work thread");
            return Err(WorkError::Failed);
        }
        // The request is answered at its deadline or at shutdown even if the job has not reached
        // a check yet: the job keeps its permit until it returns, so it still counts against the
        // limit, but nobody waits for it.
        tokio::select! {
            outcome = outcome => outcome.unwrap_or_else(|_| {
                tracing::error!("request work panicked");
                Err(WorkError::Failed)
            }),
            _ = tokio::time::sleep_until((deadline + DEADLINE_GRACE).into()) => {
                Err(WorkError::DeadlineExceeded)
            }
            _ = self.shutdown.cancelled() => Err(WorkError::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(concurrency: usize, deadline: Duration) -> Work {
        Work::new(concurrency, deadline, Arc::new(Metrics::default()))
    }

    /// A job that spins until told to stop, counting its steps into `steps`.
    fn spin(
        steps: Arc<std::sync::atomic::AtomicU64>,
    ) -> impl FnOnce(&Cancel) -> Result<(), Stopped> {
        move |cancel| loop {
            cancel.check()?;
            steps.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[tokio::test]
    async fn returns_the_result() {
        assert_eq!(
            work(1, Duration::from_secs(5)).run(|_| Ok(42)).await,
            Ok(42)
        );
    }

    #[tokio::test]
    async fn a_job_past_its_deadline_is_stopped() {
        let steps = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let result = work(1, Duration::from_millis(50))
            .run(spin(steps.clone()))
            .await;
        assert_eq!(result, Err(WorkError::DeadlineExceeded));
        let after = steps.load(Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(steps.load(Ordering::Relaxed), after, "the job kept running");
    }

    #[tokio::test]
    async fn a_dropped_request_stops_its_job_and_frees_the_permit() {
        let work = work(1, Duration::from_secs(30));
        let steps = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let running = tokio::spawn({
            let work = work.clone();
            let steps = steps.clone();
            async move { work.run(spin(steps)).await }
        });
        while steps.load(Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        running.abort();
        // The permit comes back once the job has returned, so the next job runs.
        let next = tokio::time::timeout(Duration::from_secs(5), work.run(|_| Ok(1))).await;
        assert_eq!(next.expect("the permit was released"), Ok(1));
        let after = steps.load(Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(steps.load(Ordering::Relaxed), after, "the job kept running");
        assert_eq!(work.metrics.work_abandoned.get(), 1);
    }

    #[tokio::test]
    async fn a_request_queued_until_its_deadline_is_busy() {
        let work = work(1, Duration::from_millis(100));
        // A job that never checks its deadline keeps its permit until it returns.
        let first = tokio::spawn({
            let work = work.clone();
            async move {
                work.run(|_| {
                    std::thread::sleep(Duration::from_millis(400));
                    Ok(())
                })
                .await
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(work.run(|_| Ok(())).await, Err(WorkError::Busy));
        assert_eq!(work.metrics.work_refused_busy.get(), 1);
        // Its own request is answered at its deadline, without waiting for it.
        let answered = tokio::time::timeout(Duration::from_millis(300), first).await;
        assert_eq!(
            answered.expect("answered in time").unwrap(),
            Err(WorkError::DeadlineExceeded)
        );
    }

    #[tokio::test]
    async fn a_request_dropped_while_queued_leaves_the_queue() {
        let work = work(1, Duration::from_secs(30));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let first = tokio::spawn({
            let work = work.clone();
            async move {
                work.run(move |_| {
                    let _ = gate.recv();
                    Ok(())
                })
                .await
            }
        });
        while work.metrics.work_running.get() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let queued = tokio::spawn({
            let work = work.clone();
            async move { work.run(|_| Ok(())).await }
        });
        while work.metrics.work_queued.get() == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        queued.abort();
        let _ = queued.await;
        assert_eq!(work.metrics.work_queued.get(), 0);
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap(), Ok(()));
        assert_eq!(work.metrics.work_running.get(), 0);
    }

    #[tokio::test]
    async fn shutdown_cancels_running_and_queued_jobs() {
        let work = work(1, Duration::from_secs(30));
        let steps = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let first = tokio::spawn({
            let work = work.clone();
            let steps = steps.clone();
            async move { work.run(spin(steps)).await }
        });
        while steps.load(Ordering::Relaxed) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let queued = tokio::spawn({
            let work = work.clone();
            async move { work.run(|_| Ok(())).await }
        });
        work.cancel_all();
        assert_eq!(first.await.unwrap(), Err(WorkError::Cancelled));
        assert_eq!(queued.await.unwrap(), Err(WorkError::Cancelled));
    }
}
