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

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use self::harness::{Contract, Failure};

/// How many operations run at once, each on its own sandbox.
const THREADS: usize = 4;

#[test]
fn every_operation_answers_2xx_and_decodes() {
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<(String, Failure)>> = Mutex::new(Vec::new());
    let requests = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases::CASES.get(index) else {
                        break;
                    };
                    let contract = Contract::new();
                    let result = panic::catch_unwind(AssertUnwindSafe(|| (case.run)(&contract)))
                        .unwrap_or_else(|payload| {
                            let text = payload
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| payload.downcast_ref::<&str>().map(|t| (*t).to_owned()))
                                .unwrap_or_default();
                            Err(Failure::panicked(text))
                        });
                    requests.fetch_add(contract.sent(), Ordering::Relaxed);
                    if let Err(failure) = result {
                        failures
                            .lock()
                            .unwrap_or_else(|poison| poison.into_inner())
                            .push((case.operation_id.to_owned(), failure));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    let total = cases::CASES.len();
    for (operation, failure) in &failures {
        println!("FAIL {operation}");
        for problem in &failure.problems {
            println!("  - {problem}");
        }
    }
    println!(
        "sandbox: {} of {total} operations answered 2xx and decoded ({} requests)",
        total - failures.len(),
        requests.load(Ordering::Relaxed)
    );
    assert_eq!(total, 220, "the spec has 220 operations");
    assert!(
        failures.is_empty(),
        "{} operations failed: {:?}",
        failures.len(),
        failures.iter().map(|(op, _)| op).collect::<Vec<_>>()
    );
}

/// What `contract/cases.rs` needs: `Case`, `Contract`, `Failure` and `v`.
pub(crate) mod harness {
    use std::any::type_name;
    use std::cell::Cell;
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};
    use whop_core::{Client, Endpoint, Error};
    use whop_sandbox::Sandbox;

    /// One operation: its id and the function that builds and sends its requests.
    pub(crate) struct Case {
        pub(crate) operation_id: &'static str,
        pub(crate) run: fn(&Contract) -> Result<(), Failure>,
    }

    impl Case {
        pub(crate) const fn new(
            operation_id: &'static str,
            run: fn(&Contract) -> Result<(), Failure>,
        ) -> Case {
            Case { operation_id, run }
        }
    }

    /// What went wrong with one operation.
    #[derive(Debug, Default)]
    pub(crate) struct Failure {
        pub(crate) problems: Vec<String>,
    }

    impl Failure {
        pub(crate) fn panicked(message: String) -> Failure {
            Failure {
                problems: vec![format!("panicked: {message}")],
            }
        }
    }

    /// A sample value as a field's type.
    pub(crate) fn v<T: DeserializeOwned>(json: &str) -> T {
        serde_json::from_str(json)
            .unwrap_or_else(|err| panic!("the sample {json} is not a {}: {err}", type_name::<T>()))
    }

    type Send<E> = fn(&E, &Client) -> Result<<E as Endpoint>::Response, Error>;

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
            send: Send<E>,
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
            if failure.problems.is_empty() {
                Ok(())
            } else {
                Err(failure)
            }
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
