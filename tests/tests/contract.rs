//! The contract suite: every operation of the API, sent through its generated request type to
//! Prism, a mock server that checks each request against the Whop OpenAPI spec and answers with
//! responses built from it.
//!
//! For each operation: (1) the request with only its required fields is valid and its response
//! decodes (keeping every member it has); (2) requests with every optional field set, and with
//! `null` wherever the spec allows it, are valid and their responses decode; (3) twenty random
//! schema-valid responses (`Prefer: dynamic=true`) decode. The requests come from
//! `contract/cases.rs`, which `cargo xtask codegen` generates from the spec.
//!
//! Run it with `scripts/contract`, which starts Prism and sets `WHOP_PRISM_URL`. Arguments that
//! do not start with `-` select operations whose id contains one of them.

// A test target's modules sit next to it; these live in `contract/`.
#[path = "contract/bridge.rs"]
mod bridge;
#[path = "contract/canary.rs"]
mod canary;
#[path = "contract/cases.rs"]
mod cases;
#[path = "contract/harness.rs"]
mod harness;
#[path = "contract/members.rs"]
mod members;
#[path = "contract/runner.rs"]
mod runner;
#[path = "contract/violations.rs"]
mod violations;
#[path = "contract/wire.rs"]
mod wire;

use std::panic;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use whop_core::Client;

use crate::harness::Contract;
use crate::runner::{Case, Failure};

/// How many operations are checked at once (Prism answers one at a time, but overlapping the
/// requests keeps it busy while the client encodes and decodes).
const THREADS: usize = 6;

fn main() -> ExitCode {
    let Some(url) = std::env::var("WHOP_PRISM_URL")
        .ok()
        .filter(|url| !url.is_empty())
    else {
        eprintln!("contract: WHOP_PRISM_URL is not set; run scripts/contract, which starts Prism");
        return ExitCode::FAILURE;
    };
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .collect();
    let cases: Vec<&Case<Contract>> = cases::CASES
        .iter()
        .filter(|case| {
            filters.is_empty()
                || filters
                    .iter()
                    .any(|filter| case.operation_id.contains(filter.as_str()))
        })
        .collect();
    // Prism is reached through the bridge, which shows it array parameters in the spec's style.
    let bridge = bridge::start(&url);
    let client = Client::builder()
        .api_key("contract-suite")
        .base_url(bridge.url())
        .timeout(Duration::from_secs(30))
        // A failed answer is the finding; a retry would only hide or repeat it.
        .max_retries(0)
        .build();
    let contract = match client {
        Ok(client) => Contract::new(client),
        Err(err) => {
            eprintln!("contract: cannot build the client: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(problem) = canary::check(&contract) {
        eprintln!("contract: {problem}");
        println!("contract: 0 passed, {} failed", cases.len());
        return ExitCode::FAILURE;
    }

    let started = Instant::now();
    let outcomes = run(&contract, &cases);
    let mut failed = 0;
    let mut redrawn = Vec::new();
    for (case, outcome) in cases.iter().zip(&outcomes) {
        if let Err(failure) = &outcome.result {
            failed += 1;
            failure.print(case.operation_id);
        }
        if outcome.redrawn > 0 {
            redrawn.push(format!("{} {}", case.operation_id, outcome.redrawn));
        }
    }
    if !redrawn.is_empty() {
        // Not failures: Prism answers 500 with `sl-violations` on the response instead of a
        // response the spec forbids, which is not one the API can send.
        println!(
            "contract: dynamic responses that Prism itself found invalid by the spec, drawn again: {}",
            redrawn.join(", ")
        );
    }
    let passed = cases.len() - failed;
    println!(
        "contract: {} operations against {url} in {:.1} s",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    println!("contract: {passed} passed, {failed} failed");
    if failed == 0 && !cases.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What became of one case.
struct Outcome {
    result: Result<(), Failure>,
    /// Dynamic responses drawn again (see [`harness::take_redrawn`]).
    redrawn: usize,
}

/// Runs every case on [`THREADS`] threads sharing one client; outcomes in the order of `cases`.
fn run(contract: &Contract, cases: &[&Case<Contract>]) -> Vec<Outcome> {
    // Panics are reported per operation; the default hook would print them a second time.
    panic::set_hook(Box::new(|_| {}));
    let outcomes = runner::run_all(cases, THREADS, |case| {
        harness::take_redrawn();
        let result = case.run_caught(contract);
        Outcome {
            result,
            redrawn: harness::take_redrawn(),
        }
    });
    let _ = panic::take_hook();
    outcomes
}
