//! The retry rules, one at a time: which statuses are retried, what `x-should-retry` and the
//! `Retry-After` family do, and how idempotency keys make a `POST` or `PATCH` safe to repeat.
//!
//! Where a test is about *whether* a call is retried, the server answers `retry-after-ms: 0` so the
//! suite does not sleep through the backoff; the backoff itself is exercised in `faults.rs`.

use std::time::Duration;

use serde_json::json;
use whop_core::http::StatusCode;
use whop_core::{Client, Endpoint, Error, RequestOptions};
use whop_tests::faults::{
    CreateWidget, DeleteWidget, Fault, FaultServer, GetWidget, PatchWidget, PutWidget, bounded,
    widget_json,
};
use whop_tests::{RecordedRequest, Reply};

const LIMIT: Duration = Duration::from_secs(60);

/// An error answer that asks for an immediate retry if a retry is allowed at all.
fn failing(status: u16) -> Fault {
    Fault::Reply(
        Reply::json(
            status,
            &json!({"error": {"message": format!("status {status}")}}),
        )
        .header("retry-after-ms", "0"),
    )
}

fn ok() -> Fault {
    Fault::json(200, &widget_json("wid_1"))
}

fn send<E: Endpoint + Send + 'static>(
    client: Client,
    request: E,
    options: RequestOptions,
) -> Result<E::Response, Error>
where
    E::Response: Send,
{
    bounded(LIMIT, move || client.send_with(&request, &options))
}

/// Starts a server with `faults` and sends `request` with a client of it that has the production
/// settings; the server, to ask what it saw, and the result.
fn send_to<E: Endpoint + Send + 'static>(
    faults: Vec<Fault>,
    request: E,
) -> (FaultServer, Result<E::Response, Error>)
where
    E::Response: Send,
{
    let server = FaultServer::start(faults);
    let result = send(
        server.client_builder().build().unwrap(),
        request,
        RequestOptions::new(),
    );
    (server, result)
}

fn keys(requests: &[RecordedRequest]) -> Vec<Option<String>> {
    requests
        .iter()
        .map(|r| r.header("idempotency-key").map(str::to_owned))
        .collect()
}

#[test]
fn retryable_statuses_are_retried_and_others_are_not() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let (server, result) = send_to(vec![failing(status), ok()], GetWidget::new("wid_1"));
        assert!(result.is_ok(), "{status}: {result:?}");
        assert_eq!(server.attempts(), 2, "{status} is retried");
    }
    for status in [400, 401, 403, 404, 405, 410, 422, 501, 505] {
        let (server, result) = send_to(vec![failing(status), ok()], GetWidget::new("wid_1"));
        let err = result.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(server.attempts(), 1, "{status} is final");
    }
}

#[test]
fn retries_stop_at_max_retries() {
    for max_retries in [0, 1, 3] {
        let server = FaultServer::start(vec![failing(503)]);
        let client = server
            .client_builder()
            .max_retries(max_retries)
            .build()
            .unwrap();
        let err = send(client, GetWidget::new("wid_1"), RequestOptions::new()).unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(server.attempts(), max_retries as usize + 1);
    }
}

#[test]
fn should_retry_header_overrides_the_status_either_way() {
    let veto = Fault::Reply(
        Reply::json(429, &json!({}))
            .header("x-should-retry", "false")
            .header("retry-after-ms", "0"),
    );
    let (server, result) = send_to(vec![veto, ok()], GetWidget::new("wid_1"));
    let err = result.unwrap_err();
    assert_eq!(
        (err.status(), server.attempts()),
        (Some(StatusCode::TOO_MANY_REQUESTS), 1)
    );

    let insist = Fault::Reply(
        Reply::json(404, &json!({}))
            .header("x-should-retry", "true")
            .header("retry-after-ms", "0"),
    );
    let (server, result) = send_to(vec![insist.clone(), insist, ok()], GetWidget::new("wid_1"));
    result.unwrap();
    assert_eq!(server.attempts(), 3);

    // Anything but true/false is no instruction: the status decides.
    let vague = Fault::Reply(
        Reply::json(500, &json!({}))
            .header("x-should-retry", "maybe")
            .header("retry-after-ms", "0"),
    );
    let (server, result) = send_to(vec![vague, ok()], GetWidget::new("wid_1"));
    result.unwrap();
    assert_eq!(server.attempts(), 2);
}

#[test]
fn a_success_is_never_repeated_whatever_the_headers_say() {
    let (server, result) = send_to(
        vec![Fault::Reply(
            Reply::json(200, &widget_json("wid_1"))
                .header("x-should-retry", "true")
                .header("retry-after-ms", "0"),
        )],
        GetWidget::new("wid_1"),
    );
    result.unwrap();
    assert_eq!(server.attempts(), 1);
}

#[test]
fn retry_after_forms_are_honoured() {
    for (name, value) in [
        ("retry-after-ms", "150"),
        ("Retry-After", "0"),
        ("Retry-After", "0.2"),
    ] {
        let limited = Fault::Reply(Reply::json(429, &json!({})).header(name, value));
        let (server, result) = send_to(vec![limited, ok()], GetWidget::new("wid_1"));
        result.unwrap();
        assert_eq!(server.attempts(), 2, "{name}: {value}");
    }
}

#[test]
fn put_patch_and_delete_are_retried_like_get_and_a_patch_keeps_its_key() {
    let (server, result) = send_to(
        vec![failing(500), Fault::json(200, &json!({}))],
        PatchWidget::new("wid_1"),
    );
    result.unwrap();
    let (server2, result) = send_to(
        vec![failing(502), Fault::json(200, &json!({}))],
        PutWidget::new("wid_1"),
    );
    result.unwrap();
    let (server3, result) = send_to(
        vec![failing(504), Fault::json(200, &json!({}))],
        DeleteWidget::new("wid_1"),
    );
    result.unwrap();
    for (server, method) in [(&server, "PATCH"), (&server2, "PUT"), (&server3, "DELETE")] {
        let requests = server.requests();
        assert_eq!(requests.len(), 2, "{method}");
        assert!(requests.iter().all(|r| r.method == method));
    }
    // PATCH is not idempotent (RFC 5789): like POST, it carries one key across its retries.
    let patch_keys = keys(&server.requests());
    assert!(
        patch_keys[0].as_ref().is_some_and(|key| key.len() == 36),
        "a UUID: {patch_keys:?}"
    );
    assert_eq!(patch_keys[0], patch_keys[1], "the retry repeats the key");
    // PUT and DELETE are idempotent by definition (RFC 9110 §9.2.2): no key.
    assert_eq!(keys(&server2.requests()), [None, None]);
    assert_eq!(keys(&server3.requests()), [None, None]);
}

#[test]
fn each_post_gets_its_own_key_and_keeps_it_across_retries() {
    let server = FaultServer::start(vec![
        failing(409),
        Fault::json(201, &widget_json("a")),
        Fault::json(201, &widget_json("b")),
    ]);
    let client = server.client_builder().build().unwrap();
    send(
        client.clone(),
        CreateWidget::new("one"),
        RequestOptions::new(),
    )
    .unwrap();
    send(client, CreateWidget::new("two"), RequestOptions::new()).unwrap();
    let keys: Vec<String> = keys(&server.requests())
        .into_iter()
        .map(|k| k.expect("every POST has a key"))
        .collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0], keys[1], "the retry repeats the call's key");
    assert_ne!(keys[1], keys[2], "another call, another key");
}

#[test]
fn a_key_set_by_the_user_is_sent_on_every_attempt() {
    let server = FaultServer::start(vec![
        failing(500),
        failing(503),
        Fault::json(201, &widget_json("wid_1")),
    ]);
    // Even with generated keys off, a key given for the call makes it safe to repeat.
    let client = server
        .client_builder()
        .idempotency_keys(false)
        .build()
        .unwrap();
    let options = RequestOptions::new().idempotency_key("order-42-refund");
    send(client, CreateWidget::new("Sprocket"), options).unwrap();
    let keys = keys(&server.requests());
    assert_eq!(keys, vec![Some("order-42-refund".to_owned()); 3]);
}

#[test]
fn a_post_without_key_is_not_retried_once_the_server_has_it() {
    for fault in [
        failing(500),
        failing(503),
        failing(429),
        Fault::Reply(
            Reply::json(500, &json!({}))
                .header("x-should-retry", "true")
                .header("retry-after-ms", "0"),
        ),
        Fault::CloseBeforeStatus,
    ] {
        let server =
            FaultServer::start(vec![fault.clone(), Fault::json(201, &widget_json("wid_1"))]);
        let client = server
            .client_builder()
            .idempotency_keys(false)
            .build()
            .unwrap();
        let result = send(client, CreateWidget::new("Sprocket"), RequestOptions::new());
        assert!(result.is_err(), "{fault:?}: {result:?}");
        assert_eq!(server.attempts(), 1, "{fault:?}");
        assert_eq!(keys(&server.requests()), [None]);
    }
}

#[test]
fn a_get_carries_no_idempotency_key() {
    let (server, result) = send_to(vec![ok()], GetWidget::new("wid_1"));
    result.unwrap();
    assert_eq!(keys(&server.requests()), [None]);
}
