//! Every operation of the API, sent through its generated request type to the sandbox, answers
//! 2xx with a response that decodes into the declared type.
//!
//! The requests are the contract suite's cases (`contract/cases.rs`, generated from the spec):
//! the minimal request, the full one and the one with `null`s. Their ids come from the spec's
//! examples (`prod_xxxxxxxxxxxxx`); before each request the test seeds the objects its path
//! names, and for a list one object of the listed resource, so each request finds what it
//! acts on whatever ran before it.

#[path = "../../contract/cases.rs"]
mod cases;
#[path = "../../contract/runner.rs"]
mod runner;

use self::harness::Contract;

/// How many operations run at once, each on its own sandbox.
const THREADS: usize = 4;

#[test]
fn every_operation_answers_2xx_and_decodes() {
    let outcomes = runner::run_all(cases::CASES, THREADS, |case| {
        let contract = Contract::new();
        let result = case.run_caught(&contract);
        (result, contract.sent())
    });
    let total = cases::CASES.len();
    let mut failed = Vec::new();
    let mut requests = 0;
    for (case, (result, sent)) in cases::CASES.iter().zip(&outcomes) {
        requests += sent;
        if let Err(failure) = result {
            failure.print(case.operation_id);
            failed.push(case.operation_id);
        }
    }
    println!(
        "sandbox: {} of {total} operations answered 2xx and decoded ({requests} requests)",
        total - failed.len(),
    );
    assert_eq!(total, 220, "the spec has 220 operations");
    assert!(
        failed.is_empty(),
        "{} operations failed: {failed:?}",
        failed.len()
    );
}

/// The sandbox's `Contract`, which `contract/cases.rs` sends its requests through.
pub(crate) mod harness {
    use std::cell::Cell;
    use std::fmt::Debug;

    use serde_json::{Value, json};
    use whop_core::{Client, Endpoint};
    use whop_sandbox::Sandbox;

    use super::runner::{Failure, SendFn};

    /// A sandbox of its own for one operation, and a client of it.
    pub(crate) struct Contract {
        sandbox: Sandbox,
        client: Client,
        sent: Cell<usize>,
    }

    impl Contract {
        pub(crate) fn new() -> Contract {
            let sandbox = Sandbox::start();
            let client = sandbox.client();
            Contract {
                sandbox,
                client,
                sent: Cell::new(0),
            }
        }

        pub(crate) fn sent(&self) -> usize {
            self.sent.get()
        }

        /// Sends each request, after seeding what its path names; each must answer 2xx and
        /// decode.
        pub(crate) fn check<E>(
            &self,
            requests: &[(&str, &E, &str)],
            send: SendFn<E>,
        ) -> Result<(), Failure>
        where
            E: Endpoint + Debug,
        {
            let mut failure = Failure::default();
            for (label, request, wire) in requests {
                self.seed_for(E::PATH, wire);
                self.sent.set(self.sent.get() + 1);
                if let Err(err) = send(request, &self.client) {
                    failure.problems.push(format!(
                        "{label} request: {err}\n      request: {request:?}"
                    ));
                }
            }
            failure.into_result()
        }

        /// Seeds the objects the request's path names (`/products/{id}` with the id sent), and
        /// for a list one object of the listed resource, made from the spec's examples.
        fn seed_for(&self, template: &str, wire: &str) {
            let wire: Value = serde_json::from_str(wire).expect("the cases' wire form is JSON");
            let path = wire["path"].as_str().unwrap_or_default();
            let resources = self.sandbox.resources();
            let template: Vec<&str> = template.trim_matches('/').split('/').collect();
            let actual: Vec<&str> = path.trim_matches('/').split('/').collect();
            for (n, pattern) in template.iter().enumerate() {
                if n == 0 || !pattern.starts_with('{') {
                    continue;
                }
                let collection = template[n - 1];
                if resources.contains(&collection) {
                    let id = percent_encoding::percent_decode_str(actual[n]).decode_utf8_lossy();
                    self.sandbox.seed(collection, json!({"id": id}));
                }
            }
            // A collection path (a list, or a create): one object in it, so a list has an item.
            if let Some(last) = template.last().filter(|last| !last.starts_with('{'))
                && resources.contains(last)
            {
                self.sandbox.seed(last, json!({}));
            }
        }
    }
}
