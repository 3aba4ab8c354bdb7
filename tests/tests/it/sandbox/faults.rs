//! `Sandbox::fail_next`: each kind of fault reaches the client as the real failure would, and the
//! client's retries get past `429`, `503`, a reset connection and a timeout.

use std::time::Duration;

use serde_json::json;
use whop_core::{Client, Error};
use whop_endpoints::products::{
    CreateProduct, CreateProductRequired, ListProduct, RetrieveProduct,
};
use whop_sandbox::{Fault, Sandbox};

/// A client of the sandbox that makes `retries` retries.
fn client_with_retries(sandbox: &Sandbox, retries: u32) -> Client {
    Client::builder()
        .api_key(sandbox.api_key())
        .base_url(sandbox.url())
        .max_retries(retries)
        .build()
        .unwrap()
}

/// How many requests reached the sandbox for `path` (below `/api/v1`).
fn calls(sandbox: &Sandbox, path: &str) -> usize {
    let full = format!("/api/v1{path}");
    sandbox
        .requests()
        .iter()
        .filter(|request| request.path == full)
        .count()
}

#[test]
fn a_rate_limit_is_whops_429_and_the_client_retries_past_it() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({"title": "Pickaxe"}));
    let path = format!("/products/{product}");

    sandbox.fail_next("retrieveProduct", Fault::rate_limit());
    let err = RetrieveProduct::new(product.as_str())
        .send(&client_with_retries(&sandbox, 0))
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(
        (api.status.as_u16(), api.error_type.as_str()),
        (429, "rate_limit_exceeded")
    );
    assert_eq!(api.message, "Try again in 1 seconds.");
    assert_eq!(
        api.headers.get("retry-after").and_then(|v| v.to_str().ok()),
        Some("1")
    );
    assert_eq!(calls(&sandbox, &path), 1);

    // The fault was used up: the next call succeeds.
    sandbox.fail_next("retrieveProduct", Fault::rate_limit().with_retry_after(0));
    let read = RetrieveProduct::new(product.as_str())
        .send(&sandbox.client())
        .unwrap();
    assert_eq!(read.title, "Pickaxe");
    assert_eq!(calls(&sandbox, &path), 3, "one 429, then the retry");
}

#[test]
fn a_status_fault_is_answered_and_retried() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({}));
    let path = format!("/products/{product}");

    sandbox.fail_next("RetrieveProduct", Fault::status(503).with_retry_after(0));
    assert!(
        RetrieveProduct::new(product.as_str())
            .send(&sandbox.client())
            .is_ok()
    );
    assert_eq!(calls(&sandbox, &path), 2, "one 503, then the retry");

    // Two faults apply to two calls in turn: one retry is not enough.
    sandbox.fail_next("retrieveProduct", Fault::status(503).with_retry_after(0));
    sandbox.fail_next("retrieveProduct", Fault::status(500).with_retry_after(0));
    let err = RetrieveProduct::new(product.as_str())
        .send(&client_with_retries(&sandbox, 1))
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(
        (api.status.as_u16(), api.error_type.as_str()),
        (500, "internal_server_error")
    );
    assert!(api.request_id.is_some());

    // A status the client does not retry is final.
    sandbox.fail_next("retrieveProduct", Fault::status(400));
    let err = RetrieveProduct::new(product.as_str())
        .send(&sandbox.client())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 400),
        "{err:?}"
    );
    assert_eq!(calls(&sandbox, &path), 5);
}

#[test]
fn a_reset_connection_fails_the_attempt_and_the_client_retries() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({}));

    // A fresh client's first request is on a new connection: with no retry the reset is final.
    sandbox.fail_next("retrieveProduct", Fault::reset());
    let err = RetrieveProduct::new(product.as_str())
        .send(&client_with_retries(&sandbox, 0))
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");

    sandbox.fail_next("retrieveProduct", Fault::reset());
    assert!(
        RetrieveProduct::new(product.as_str())
            .send(&sandbox.client())
            .is_ok()
    );

    // A create is repeated safely too (it carries an Idempotency-Key); the reset came before
    // the sandbox acted, so one product exists.
    let company = sandbox.seed("companies", json!({}));
    sandbox.fail_next("createProduct", Fault::reset());
    let created = CreateProduct::new(CreateProductRequired {
        company_id: company.clone(),
        title: "Once".into(),
    })
    .send(&sandbox.client())
    .unwrap();
    let listed = ListProduct::new(company.as_str())
        .send(&sandbox.client())
        .unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, [created.id.as_str()]);
}

#[test]
fn a_delay_holds_the_answer_and_a_timeout_is_retried() {
    let sandbox = Sandbox::start();
    let product = sandbox.seed("products", json!({"title": "Slow"}));
    let path = format!("/products/{product}");
    let impatient = |retries| {
        Client::builder()
            .api_key(sandbox.api_key())
            .base_url(sandbox.url())
            .timeout(Duration::from_millis(200))
            .max_retries(retries)
            .build()
            .unwrap()
    };

    sandbox.fail_next("retrieveProduct", Fault::delay(Duration::from_secs(2)));
    let err = RetrieveProduct::new(product.as_str())
        .send(&impatient(0))
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");

    sandbox.fail_next("retrieveProduct", Fault::delay(Duration::from_secs(2)));
    let read = RetrieveProduct::new(product.as_str())
        .send(&impatient(2))
        .unwrap();
    assert_eq!(read.title, "Slow");

    // A delay shorter than the timeout is only a slow answer.
    sandbox.fail_next("retrieveProduct", Fault::delay(Duration::from_millis(20)));
    assert!(
        RetrieveProduct::new(product.as_str())
            .send(&sandbox.client())
            .is_ok()
    );
    assert_eq!(calls(&sandbox, &path), 4);
}

#[test]
#[should_panic(expected = "whop-sandbox has no operation \"frobnicate\"")]
fn an_unknown_operation_is_named() {
    Sandbox::start().fail_next("frobnicate", Fault::status(500));
}

#[test]
fn a_create_retried_after_a_timeout_is_done_once() {
    let sandbox = Sandbox::start();
    let company = sandbox.seed("companies", json!({}));
    let impatient = Client::builder()
        .api_key(sandbox.api_key())
        .base_url(sandbox.url())
        .timeout(Duration::from_millis(200))
        .max_retries(6)
        .build()
        .unwrap();
    // The first attempt times out while the sandbox is still at it; the retries carry the same
    // Idempotency-Key, get `409` while the first is being answered, then its answer.
    sandbox.fail_next("createProduct", Fault::delay(Duration::from_millis(800)));
    let created = CreateProduct::new(CreateProductRequired {
        company_id: company.clone(),
        title: "Once".into(),
    })
    .send(&impatient)
    .unwrap();
    let listed = ListProduct::new(company.as_str())
        .send(&sandbox.client())
        .unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, [created.id.as_str()], "created once");
    let posts: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|request| request.method == "POST")
        .collect();
    assert!(posts.len() >= 2, "the create was retried");
    let keys: Vec<_> = posts
        .iter()
        .map(|post| post.header("idempotency-key"))
        .collect();
    assert!(
        keys.iter().all(|key| key.is_some() && *key == keys[0]),
        "{keys:?}"
    );
}
