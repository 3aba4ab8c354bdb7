//! One `Client` shared by many threads: every call succeeds, and the connection pool bounds the
//! connections the server sees.
//!
//! The pool keeps up to `max_idle_connections` (default 16) keep-alive connections. A call holds
//! one connection from sending until its body is read, then returns it to the pool; so as long as
//! no more threads call at once than the pool keeps, no connection is ever opened beyond that.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use whop_core::{Client, Error};
use whop_tests::faults::{CreateWidget, GetWidget, bounded, widget_json};
use whop_tests::{Reply, TestServer};

const THREADS: usize = 16;
const CALLS: usize = 1_000;
/// The pool size these tests rely on: `ClientBuilder::max_idle_connections`'s default.
const POOL: usize = 16;

fn run(client: &Client, threads: usize) -> Vec<Error> {
    let next = AtomicUsize::new(0);
    let errors = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= CALLS {
                        break;
                    }
                    // Half reads, half creates: both kinds of call share the pool.
                    let result = if n.is_multiple_of(2) {
                        client.send(&GetWidget::new(&format!("wid_{n}"))).map(drop)
                    } else {
                        client.send(&CreateWidget::new("Sprocket")).map(drop)
                    };
                    if let Err(err) = result {
                        errors.lock().unwrap().push(err);
                    }
                }
            });
        }
    });
    errors.into_inner().unwrap()
}

#[test]
fn sixteen_threads_share_one_client_for_a_thousand_calls() {
    let server = TestServer::start(|request| {
        if request.method == "POST" {
            Reply::json(201, &widget_json("wid_new"))
        } else {
            Reply::json(200, &widget_json("wid_1"))
        }
    });
    let client = server.client_builder().build().unwrap();
    let start = Instant::now();
    let errors = {
        let client = client.clone();
        bounded(Duration::from_secs(120), move || run(&client, THREADS))
    };
    eprintln!(
        "{CALLS} calls from {THREADS} threads in {:.2?} over {} connection(s)",
        start.elapsed(),
        server.connections()
    );
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );

    let requests = server.requests();
    assert_eq!(requests.len(), CALLS, "one request per call, no retries");
    assert!(
        server.connections() <= POOL,
        "{} connections for a pool of {POOL}",
        server.connections()
    );

    // Each create carries its own Idempotency-Key, even when made at the same instant.
    let keys: HashSet<&str> = requests
        .iter()
        .filter_map(|r| r.header("idempotency-key"))
        .collect();
    assert_eq!(keys.len(), CALLS / 2);
    assert!(
        requests
            .iter()
            .all(|r| (r.method == "POST") == r.header("idempotency-key").is_some())
    );
}

#[test]
fn a_smaller_pool_is_not_exceeded_by_as_many_threads() {
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            &json!({"id": "wid_1", "name": "n", "status": "active", "note": null}),
        )
    });
    let client = server
        .client_builder()
        .max_idle_connections(4)
        .build()
        .unwrap();
    let errors = {
        let client = client.clone();
        bounded(Duration::from_secs(120), move || run(&client, 4))
    };
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    assert_eq!(server.requests().len(), CALLS);
    assert!(
        server.connections() <= 4,
        "{} connections for a pool of 4",
        server.connections()
    );
}
