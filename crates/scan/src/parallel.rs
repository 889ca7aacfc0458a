//! Running jobs on several threads and taking their results in job order.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::Duration;

/// How often the taker wakes while it waits, to report progress.
const TICK: Duration = Duration::from_millis(100);

/// Runs `work` on each of `jobs` on up to `threads` threads (each with its own state from
/// `make_worker`) and hands the results to `take` in job order, calling `tick` while it
/// waits. A job starts only while fewer than `2 * threads` finished results wait to be
/// taken, so memory stays bounded. The first error `take` returns stops the run.
pub(crate) fn run_in_order<J, W, T, E>(
    jobs: &[J],
    threads: usize,
    make_worker: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, &J) -> T + Sync,
    mut take: impl FnMut(T) -> Result<(), E>,
    mut tick: impl FnMut(),
) -> Result<(), E>
where
    J: Sync,
    T: Send,
{
    let count = jobs.len();
    let threads = threads.clamp(1, count.max(1));
    let window = 2 * threads;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let taken = Mutex::new(0usize);
    let progressed = Condvar::new();
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(usize, T)>(window);
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, stop, taken, progressed) = (&next, &stop, &taken, &progressed);
            let (make_worker, work) = (&make_worker, &work);
            scope.spawn(move || {
                let mut worker = make_worker();
                loop {
                    let job = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = jobs.get(job) else {
                        break;
                    };
                    let mut done = taken.lock().unwrap_or_else(PoisonError::into_inner);
                    while job >= *done + window && !stop.load(Ordering::SeqCst) {
                        done = progressed
                            .wait(done)
                            .unwrap_or_else(PoisonError::into_inner);
                    }
                    drop(done);
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    if sender.send((job, work(&mut worker, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let halt = || {
            stop.store(true, Ordering::SeqCst);
            let _guard = taken.lock().unwrap_or_else(PoisonError::into_inner);
            progressed.notify_all();
        };
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        let mut expected = 0usize;
        while expected < count {
            match receiver.recv_timeout(TICK) {
                Ok((job, result)) => {
                    waiting.insert(job, result);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            tick();
            while let Some(result) = waiting.remove(&expected) {
                if let Err(e) = take(result) {
                    halt();
                    return Err(e);
                }
                expected += 1;
                let mut done = taken.lock().unwrap_or_else(PoisonError::into_inner);
                *done = expected;
                progressed.notify_all();
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_job_order_whatever_the_timing() {
        let mut seen = Vec::new();
        let jobs: Vec<u64> = (0..20).collect();
        let result: Result<(), ()> = run_in_order(
            &jobs,
            4,
            || (),
            |_, &job| {
                thread::sleep(Duration::from_millis((20 - job) % 7));
                job * 10
            },
            |value| {
                seen.push(value);
                Ok(())
            },
            || {},
        );
        assert_eq!(result, Ok(()));
        assert_eq!(seen, (0..20).map(|j| j * 10).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_in_job_order_stops_the_run() {
        let mut taken = Vec::new();
        let jobs: Vec<usize> = (0..50).collect();
        let result = run_in_order(
            &jobs,
            3,
            || (),
            |_, &job| job,
            |job| {
                if job == 5 || job == 9 {
                    return Err(job);
                }
                taken.push(job);
                Ok(())
            },
            || {},
        );
        assert_eq!(result, Err(5));
        assert_eq!(taken, vec![0, 1, 2, 3, 4]);
    }
}
