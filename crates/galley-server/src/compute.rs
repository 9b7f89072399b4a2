//! CPU-heavy work (aligning a submission, diffing or scoring a whole
//! article, building the review page's rows) on the blocking pool, so the
//! runtime's few workers go on serving other requests meanwhile, and
//! stopped when the request that wanted it is gone.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Why a computation gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    /// Its request was dropped (timed out, or the client went away).
    Cancelled,
    /// It panicked: a bug, logged and answered as a failure on our side.
    Crashed(String),
}

/// Set once the request that started a computation is gone: the
/// computation stops at its next row rather than run on for no one. Each
/// row's work is bounded (see `galley_core::limits`), so it stops within a
/// fraction of a second.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// `Err(Stopped::Cancelled)` once cancelled.
    pub fn check(&self) -> Result<(), Stopped> {
        if self.0.load(Ordering::Relaxed) {
            Err(Stopped::Cancelled)
        } else {
            Ok(())
        }
    }

    fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Cancels when dropped: when the future awaiting the work is dropped.
struct CancelOnDrop(Cancel);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Runs `work` on the blocking pool and hands it a [`Cancel`] that is set
/// if the caller stops waiting. A panic in it is [`Stopped::Crashed`].
pub async fn compute<T, E, F>(work: F) -> Result<T, E>
where
    F: FnOnce(&Cancel) -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<Stopped> + Send + 'static,
{
    let cancel = Cancel::default();
    let guard = CancelOnDrop(cancel.clone());
    let done = tokio::task::spawn_blocking(move || work(&cancel))
        .await
        .map_err(|e| E::from(Stopped::Crashed(e.to_string())))?;
    drop(guard);
    done
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A computation whose request is dropped (a timeout, a client gone)
    /// is told to stop, and stops, rather than run on for no one.
    #[tokio::test]
    async fn a_dropped_computation_stops() {
        let (stopped, told) = std::sync::mpsc::channel();
        let work = compute(move |cancel| {
            loop {
                if cancel.check().is_err() {
                    let _ = stopped.send(());
                    return Ok::<(), Stopped>(());
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(50), work)
                .await
                .is_err()
        );
        told.recv_timeout(Duration::from_secs(2))
            .expect("the computation stopped once its request was gone");
    }

    #[tokio::test]
    async fn a_panic_is_a_crash_not_a_hang() {
        let result: Result<(), Stopped> = compute(|_| panic!("a bug")).await;
        assert!(matches!(result, Err(Stopped::Crashed(_))));
    }
}
