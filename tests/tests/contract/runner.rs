//! What the generated cases (`cases.rs`) need from whoever runs them, whatever they run against:
//! [`Case`], [`Failure`] and [`v`], and [`run_all`], which runs every case on several threads.
//!
//! Two suites include this file: the contract suite (against Prism) and the sandbox test of every
//! operation. Each brings its own `Contract`, the type the cases send their requests through.

use std::any::{Any, type_name};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use whop_core::{Client, Endpoint, Error};

/// One operation of the suite, run against a `C` (the suite's `Contract`).
pub(crate) struct Case<C> {
    /// The spec's `operationId`.
    pub(crate) operation_id: &'static str,
    /// Builds the operation's requests and checks them.
    pub(crate) run: fn(&C) -> Result<(), Failure>,
}

impl<C> Case<C> {
    pub(crate) const fn new(
        operation_id: &'static str,
        run: fn(&C) -> Result<(), Failure>,
    ) -> Case<C> {
        Case { operation_id, run }
    }

    /// Runs the case against `contract`; a panic while building or checking the requests is
    /// the case's failure.
    pub(crate) fn run_caught(&self, contract: &C) -> Result<(), Failure> {
        panic::catch_unwind(AssertUnwindSafe(|| (self.run)(contract)))
            .unwrap_or_else(|payload| Err(Failure::panicked(panic_text(payload.as_ref()))))
    }
}

/// A generated `send`, which a case hands to its contract's `check` with the requests.
pub(crate) type SendFn<E> = fn(&E, &Client) -> Result<<E as Endpoint>::Response, Error>;

/// Everything that went wrong with one operation, one line per problem.
#[derive(Debug, Default)]
pub(crate) struct Failure {
    pub(crate) problems: Vec<String>,
}

impl Failure {
    /// A failure from a panic while building or checking the requests.
    pub(crate) fn panicked(message: String) -> Failure {
        Failure {
            problems: vec![format!("panicked: {message}")],
        }
    }

    /// `Ok` when no problem was found.
    pub(crate) fn into_result(self) -> Result<(), Failure> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// Prints the failure of `operation_id`: a `FAIL` line, then one line per problem.
    pub(crate) fn print(&self, operation_id: &str) {
        println!("FAIL {operation_id}");
        for problem in &self.problems {
            println!("  - {problem}");
        }
    }
}

/// A sample value as a field's type. The cases are generated from the spec, so a sample that does
/// not fit is a bug in the generator; it panics, and the runner reports it for the operation.
pub(crate) fn v<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json)
        .unwrap_or_else(|err| panic!("the sample {json} is not a {}: {err}", type_name::<T>()))
}

/// Runs `each` on every item, on `threads` threads taking the next item as they finish one;
/// the results in the order of `items`. `each` runs a case with [`Case::run_caught`], so a
/// case's panic stays its own failure.
pub(crate) fn run_all<T, R>(items: &[T], threads: usize, each: impl Fn(&T) -> R + Sync) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        done.push((index, each(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|payload| panic::resume_unwind(payload))
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
        })
        .unwrap_or_else(|| "a panic without a message".to_owned())
}
