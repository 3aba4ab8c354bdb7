//! Fault injection: a scripted server on 127.0.0.1 misbehaves in one way per test, and the client
//! must either succeed or return a typed error, after an exact number of attempts.
//!
//! Clients use the production retry settings (2 retries, backoff from 0.5 s) unless a scenario is
//! about overriding them. Every call runs under [`bounded`], so a hang fails the test instead of
//! stalling the suite; the printed timings are for information, nothing asserts on them.

use std::io::Write as _;
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;
use whop_core::http::StatusCode;
use whop_core::{Client, ClientBuilder, Error, RequestOptions};
use whop_tests::faults::{
    CreateWidget, Fault, FaultServer, GetWidget, PatchWidget, Widget, bounded, widget_json,
};
use whop_tests::{Reply, TEST_API_KEY};

/// The hang guard: far above the longest scenario (3 attempts and two backoffs, or a 1 s
/// `Retry-After`), far below "stuck".
const LIMIT: Duration = Duration::from_secs(60);

/// Sends `GET /widgets/wid_1` with `client` under the hang guard and reports the time taken.
fn get(name: &str, client: Client) -> Result<Widget, Error> {
    get_with(name, client, RequestOptions::new())
}

/// Starts a server with `faults` and sends `GET /widgets/wid_1` (see [`get`]) with a client of
/// it that `configure` sets up; the server, to ask what it saw, and the result.
fn get_from(
    name: &str,
    faults: Vec<Fault>,
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> (FaultServer, Result<Widget, Error>) {
    let server = FaultServer::start(faults);
    let client = configure(server.client_builder()).build().unwrap();
    let result = get(name, client);
    (server, result)
}

/// The production settings, for [`get_from`].
fn as_shipped(builder: ClientBuilder) -> ClientBuilder {
    builder
}

/// Asserts that `err` is a transport error after `attempts` attempts.
#[track_caller]
fn assert_transport(err: &Error, attempts: u32) {
    assert!(
        matches!(err, Error::Transport { .. }) && attempts_of(err) == Some(attempts),
        "expected a transport error after {attempts} attempts, got {err:?}"
    );
}

/// Asserts that `err` is a timeout after `attempts` attempts.
#[track_caller]
fn assert_timeout(err: &Error, attempts: u32) {
    assert!(
        matches!(err, Error::Timeout { .. }) && attempts_of(err) == Some(attempts),
        "expected a timeout after {attempts} attempts, got {err:?}"
    );
}

fn get_with(name: &str, client: Client, options: RequestOptions) -> Result<Widget, Error> {
    timed(name, move || {
        client.send_with(&GetWidget::new("wid_1"), &options)
    })
}

fn create(name: &str, client: Client) -> Result<Widget, Error> {
    timed(name, move || client.send(&CreateWidget::new("Sprocket")))
}

/// Runs `call` under the hang guard and prints its outcome and time (for information only).
fn timed<T: Send + 'static>(
    name: &str,
    call: impl FnOnce() -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let start = Instant::now();
    let result = bounded(LIMIT, call);
    eprintln!(
        "{name}: {:?} in {:.2?}",
        result.as_ref().map(|_| "ok").map_err(short),
        start.elapsed()
    );
    result
}

fn short(err: &Error) -> String {
    let text = err.to_string();
    text.chars().take(100).collect()
}

fn ok_widget() -> Fault {
    Fault::json(200, &widget_json("wid_1"))
}

/// A widget whose headers come 20 s late.
fn slow_head() -> Fault {
    Fault::SlowHead {
        reply: Reply::json(200, &widget_json("wid_1")),
        delay: Duration::from_secs(20),
    }
}

/// A widget whose body trickles at one byte per 100 ms (the head is prompt).
fn slow_body() -> Fault {
    Fault::SlowBody {
        reply: Reply::json(200, &widget_json("wid_1")),
        pause: Duration::from_millis(100),
    }
}

fn widget() -> Widget {
    serde_json::from_value(widget_json("wid_1")).expect("the sample widget decodes")
}

fn attempts_of(err: &Error) -> Option<u32> {
    match err {
        Error::Timeout { attempts, .. } | Error::Transport { attempts, .. } => Some(*attempts),
        _ => None,
    }
}

// --- Connection-level faults -------------------------------------------------------------------

#[test]
fn reset_before_the_status_line_is_retried() {
    let (server, widget) = get_from(
        "reset before status",
        vec![Fault::ResetBeforeStatus, ok_widget()],
        as_shipped,
    );
    assert_eq!(widget.unwrap(), self::widget());
    assert_eq!(server.attempts(), 2);
    assert_eq!(
        server.connections(),
        2,
        "the reset connection is not reused"
    );
}

#[test]
fn close_before_the_status_line_is_retried() {
    let (server, widget) = get_from(
        "close before status",
        vec![Fault::CloseBeforeStatus, ok_widget()],
        as_shipped,
    );
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 2);
}

#[test]
fn reset_mid_body_is_retried() {
    let cut = Fault::ResetMidBody {
        reply: Reply::json(200, &widget_json("wid_1")),
        sent: 10,
    };
    let (server, widget) = get_from("reset mid-body", vec![cut, ok_widget()], as_shipped);
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 2);
}

#[test]
fn reset_mid_body_on_every_attempt_is_a_transport_error_after_three() {
    let cut = Fault::ResetMidBody {
        reply: Reply::json(200, &widget_json("wid_1")),
        sent: 10,
    };
    let (server, result) = get_from("reset mid-body always", vec![cut], as_shipped);
    assert_transport(&result.unwrap_err(), 3);
    assert_eq!(server.attempts(), 3);
}

#[test]
fn slow_headers_then_a_prompt_answer_succeed_on_the_retry() {
    let (server, widget) = get_from(
        "slow headers then ok",
        vec![slow_head(), ok_widget()],
        |client| client.timeout(Duration::from_secs(1)),
    );
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 2);
}

#[test]
fn slow_body_ends_as_a_timeout() {
    // 80-odd bytes at one per 100 ms: the head is prompt, the body takes 8 s.
    let (server, result) = get_from("slow body", vec![slow_body()], |client| {
        client.timeout(Duration::from_millis(500)).max_retries(0)
    });
    assert_timeout(&result.unwrap_err(), 1);
    assert_eq!(server.attempts(), 1);
}

#[test]
fn slow_body_is_retried_like_any_timeout() {
    let (server, result) = get_from("slow body, one retry", vec![slow_body()], |client| {
        client.timeout(Duration::from_millis(300)).max_retries(1)
    });
    assert_timeout(&result.unwrap_err(), 2);
    assert_eq!(server.attempts(), 2);
}

#[test]
fn an_answer_that_is_not_http_is_retried_then_a_transport_error() {
    let ssh = Fault::Raw(b"SSH-2.0-OpenSSH_9.6\r\n\r\n".to_vec());
    let (server, result) = get_from("not HTTP", vec![ssh], as_shipped);
    assert_transport(&result.unwrap_err(), 3);
    assert_eq!(server.attempts(), 3);
}

// --- Status-level faults -----------------------------------------------------------------------

#[test]
fn rate_limited_with_retry_after_as_an_http_date() {
    let when = httpdate_in(Duration::from_secs(1));
    let limited = Fault::Reply(
        Reply::json(429, &json!({"error": {"message": "slow down"}})).header("Retry-After", &when),
    );
    let (server, widget) = get_from(
        "429 Retry-After: <date>",
        vec![limited, ok_widget()],
        as_shipped,
    );
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 2);
}

#[test]
fn whops_rate_limit_body_without_a_header_is_waited_out() {
    // Whop's documented 429 states the wait only in its message. With 1 retry allowed and the
    // message read, the second attempt succeeds; the wait itself is unit-tested in retry.rs.
    let limited = Fault::json(
        429,
        &json!({"error": {"type": "rate_limit_exceeded", "message": "Try again in 1 seconds."}}),
    );
    let (server, widget) = get_from(
        "429 'Try again in 1 seconds.'",
        vec![limited, ok_widget()],
        |client| client.max_retries(1),
    );
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 2);
}

/// An RFC 9110 IMF-fixdate `after` from now.
fn httpdate_in(after: Duration) -> String {
    httpdate::fmt_http_date(SystemTime::now() + after)
}

#[test]
fn service_unavailable_then_ok() {
    let busy = Fault::json(503, &json!({"error": {"message": "busy"}}));
    let (server, widget) = get_from("503 then 200", vec![busy, ok_widget()], as_shipped);
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 2);
    assert_eq!(
        server.connections(),
        1,
        "the retry reuses the kept-alive connection"
    );
}

#[test]
fn server_error_on_every_attempt_is_an_api_error_with_the_last_answer() {
    let booms = (1..=3)
        .map(|n| {
            Fault::json(
                500,
                &json!({"error": {"type": "server_error", "message": format!("boom {n}")}}),
            )
        })
        .collect();
    let (server, result) = get_from("500 always", booms, as_shipped);
    let err = result.unwrap_err();
    let api = err
        .as_api()
        .unwrap_or_else(|| panic!("expected an API error, got {err:?}"));
    assert_eq!((api.status.as_u16(), api.message.as_str()), (500, "boom 3"));
    assert_eq!(server.attempts(), 3, "max_retries (2) + 1");
}

// --- Body faults on a 200 ----------------------------------------------------------------------

fn decode_error(name: &str, fault: Fault) -> (whop_core::DecodeError, usize) {
    let (server, result) = get_from(name, vec![fault], as_shipped);
    match result.unwrap_err() {
        Error::Decode(decode) => (*decode, server.attempts()),
        other => panic!("{name}: expected a decode error, got {other:?}"),
    }
}

#[test]
fn invalid_json_on_200_is_a_decode_error() {
    let (err, attempts) = decode_error(
        "invalid JSON",
        Fault::Reply(Reply::raw(200, "application/json", "{id: wid_1}")),
    );
    assert!(err.snippet.starts_with("{id: wid_1}"), "{err:?}");
    assert_eq!(attempts, 1, "a 2xx is never repeated");
}

#[test]
fn truncated_json_is_a_decode_error() {
    let (err, attempts) = decode_error(
        "truncated JSON",
        Fault::Reply(Reply::raw(
            200,
            "application/json",
            r#"{"id": "wid_1", "name": "Spr"#,
        )),
    );
    assert!(err.message.contains("EOF"), "{err:?}");
    assert_eq!(attempts, 1);
}

#[test]
fn json_with_a_wrong_content_type_is_decoded() {
    // Proxies mislabel bodies; the bytes decide, not the label.
    let mislabelled = Fault::Reply(Reply::raw(
        200,
        "text/html",
        widget_json("wid_1").to_string(),
    ));
    let (server, widget) = get_from("JSON as text/html", vec![mislabelled], as_shipped);
    assert_eq!(widget.unwrap().id, "wid_1");
    assert_eq!(server.attempts(), 1);
}

#[test]
fn chunked_body_over_the_size_limit_is_body_too_large() {
    let piece = "x".repeat(16 * 1024);
    let pieces: Vec<&str> = std::iter::once("{\"id\": \"")
        .chain(std::iter::repeat_n(piece.as_str(), 8))
        .collect();
    let (server, result) = get_from(
        "chunked body over limit",
        vec![Fault::chunked(200, &pieces)],
        |client| client.max_response_bytes(64 * 1024),
    );
    assert_body_too_large(&result.unwrap_err(), 65_536);
    assert_eq!(server.attempts(), 1);
}

/// Asserts that `err` is a body over the size limit `limit`.
#[track_caller]
fn assert_body_too_large(err: &Error, limit: u64) {
    assert!(
        matches!(err, Error::BodyTooLarge { limit: l, .. } if *l == limit),
        "{err:?}"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A 200 of gzip-compressed `body`, labelled as such.
fn gzipped(body: Vec<u8>) -> Fault {
    Fault::Reply(Reply::raw(200, "application/json", body).header("Content-Encoding", "gzip"))
}

#[test]
fn gzip_encoded_body_is_decompressed() {
    let body = gzip(widget_json("wid_1").to_string().as_bytes());
    let (server, widget) = get_from("gzip body", vec![gzipped(body)], as_shipped);
    assert_eq!(widget.unwrap(), self::widget());
    let request = &server.requests()[0];
    assert!(
        request
            .header("accept-encoding")
            .is_some_and(|v| v.contains("gzip")),
        "{request:?}"
    );
}

#[test]
fn gzip_body_that_inflates_past_the_limit_is_body_too_large() {
    // 4 MiB of spaces compress to a few KiB: the limit must count the inflated bytes.
    let mut inflated = widget_json("wid_1").to_string().into_bytes();
    inflated.extend(std::iter::repeat_n(b' ', 4 << 20));
    let body = gzip(&inflated);
    assert!(body.len() < 64 * 1024);
    let (server, result) = get_from("gzip bomb", vec![gzipped(body)], |client| {
        client.max_response_bytes(64 * 1024)
    });
    assert_body_too_large(&result.unwrap_err(), 65_536);
    assert_eq!(server.attempts(), 1);
}

#[test]
fn chunked_body_is_decoded() {
    let text = widget_json("wid_1").to_string();
    let (a, rest) = text.split_at(7);
    let (b, c) = rest.split_at(20);
    let (server, widget) = get_from(
        "chunked body",
        vec![Fault::chunked(200, &[a, b, c])],
        as_shipped,
    );
    assert_eq!(widget.unwrap(), self::widget());
    assert_eq!(server.attempts(), 1);
}

// --- Redirects ---------------------------------------------------------------------------------

#[test]
fn redirect_to_another_host_does_not_carry_the_api_key() {
    let other = FaultServer::start(vec![ok_widget()]);
    // `localhost` is another host than `127.0.0.1` as far as the client knows, on the same machine.
    let location = format!("http://localhost:{}/landing", other.port());
    let origin = FaultServer::start(vec![Fault::Reply(
        Reply::raw(302, "text/plain", "").header("Location", &location),
    )]);
    let widget = get(
        "redirect to another host",
        origin.client_builder().build().unwrap(),
    )
    .unwrap();
    assert_eq!(widget.id, "wid_1");

    let first = origin.requests();
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0].header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str())
    );
    let landed = other.requests();
    assert_eq!(landed.len(), 1);
    assert_eq!(landed[0].target, "/landing");
    assert_eq!(
        landed[0].header("authorization"),
        None,
        "the key went to another host: {:?}",
        landed[0]
    );
    assert!(
        landed
            .iter()
            .all(|r| !r.headers.iter().any(|(_, v)| v.contains(TEST_API_KEY)))
    );
}

// --- Keep-alive --------------------------------------------------------------------------------

#[test]
fn connection_closed_by_the_server_between_calls_is_replaced() {
    let server = FaultServer::start(vec![
        Fault::ReplyThenClose(Reply::json(200, &widget_json("wid_1"))),
        ok_widget(),
    ]);
    let client = server.client_builder().max_retries(0).build().unwrap();
    get("stale pool: first call", client.clone()).unwrap();
    server.wait_for_closed(1);
    let widget = get("stale pool: after the server closed", client).unwrap();
    assert_eq!(widget.id, "wid_1");
    assert_eq!(server.attempts(), 2);
    assert_eq!(server.connections(), 2);
}

#[test]
fn pooled_connection_closed_as_the_request_arrives_is_replayed_on_a_new_one() {
    // The race a pool cannot see coming: the server drops the idle connection just as the next
    // request goes out on it. With no retries allowed, only the reconnect can save the call.
    let server = FaultServer::start(vec![ok_widget(), Fault::CloseBeforeStatus, ok_widget()]);
    let client = server.client_builder().max_retries(0).build().unwrap();
    get("stale race: first call", client.clone()).unwrap();
    let widget = get("stale race (FIN): second call", client).unwrap();
    assert_eq!(widget.id, "wid_1");
    let requests = server.requests();
    assert_eq!(
        requests.iter().map(|r| r.connection).collect::<Vec<_>>(),
        [0, 0, 1]
    );
}

#[test]
fn pooled_connection_reset_as_the_request_arrives_is_replayed_on_a_new_one() {
    let server = FaultServer::start(vec![ok_widget(), Fault::ResetBeforeStatus, ok_widget()]);
    let client = server.client_builder().max_retries(0).build().unwrap();
    get("stale race (RST): first call", client.clone()).unwrap();
    let widget = get("stale race (RST): second call", client).unwrap();
    assert_eq!(widget.id, "wid_1");
    assert_eq!(server.connections(), 2);
    assert_eq!(server.attempts(), 3);
}

#[test]
fn a_fresh_connection_closed_before_the_status_line_uses_up_a_retry() {
    // Only a pooled connection gets the free reconnect: here the connection is new, so the
    // failure is the server's and counts as an attempt.
    let (server, result) = get_from(
        "fresh connection closed",
        vec![Fault::CloseBeforeStatus],
        |client| client.max_retries(1),
    );
    assert_transport(&result.unwrap_err(), 2);
    assert_eq!(server.attempts(), 2);
}

// --- Idempotency -------------------------------------------------------------------------------

#[test]
fn post_retried_twice_carries_the_same_idempotency_key() {
    let server = FaultServer::start(vec![
        Fault::json(500, &json!({"error": {"message": "boom"}})),
        Fault::ResetBeforeStatus,
        Fault::json(201, &widget_json("wid_new")),
    ]);
    let widget = create(
        "POST retried twice",
        server.client_builder().build().unwrap(),
    )
    .unwrap();
    assert_eq!(widget.id, "wid_new");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let keys: Vec<&str> = requests
        .iter()
        .map(|r| r.header("idempotency-key").expect("an Idempotency-Key"))
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    assert_eq!(keys[0].len(), 36, "a UUID: {}", keys[0]);
    assert!(
        requests
            .iter()
            .all(|r| r.json() == json!({"name": "Sprocket"}))
    );
}

/// A client of `server` that sends no idempotency keys.
fn keyless(server: &FaultServer) -> Client {
    server
        .client_builder()
        .idempotency_keys(false)
        .build()
        .unwrap()
}

/// Asserts that a request without an idempotency key, which failed once its bytes had left,
/// reached `server` once, without a key.
#[track_caller]
fn assert_sent_once_without_a_key(server: &FaultServer, err: &Error) {
    assert_transport(err, 1);
    assert_eq!(
        server.attempts(),
        1,
        "the server may have acted on it: no second try"
    );
    assert_eq!(server.requests()[0].header("idempotency-key"), None);
}

#[test]
fn post_without_idempotency_key_is_not_retried_after_a_reset_mid_body() {
    let cut = Fault::ResetMidBody {
        reply: Reply::json(201, &widget_json("wid_new")),
        sent: 5,
    };
    let server = FaultServer::start(vec![cut, Fault::json(201, &widget_json("wid_new"))]);
    let client = keyless(&server);
    let err = create("keyless POST, reset mid-body", client).unwrap_err();
    assert_sent_once_without_a_key(&server, &err);
}

#[test]
fn post_without_idempotency_key_is_not_replayed_on_a_stale_connection() {
    let server = FaultServer::start(vec![
        Fault::json(201, &widget_json("wid_1")),
        Fault::CloseBeforeStatus,
        ok_widget(),
    ]);
    let client = keyless(&server);
    create("keyless POST: first call", client.clone()).unwrap();
    let err = create("keyless POST on a stale connection", client).unwrap_err();
    assert_transport(&err, 1);
    assert_eq!(server.attempts(), 2);
}

/// A client that sends no idempotency keys and retries once, of a port where nothing listens: no
/// request leaves, so nothing can have been acted on.
fn keyless_to_a_closed_port() -> Client {
    let port = whop_tests::closed_port();
    Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .idempotency_keys(false)
        .max_retries(1)
        .build()
        .unwrap()
}

#[test]
fn post_without_idempotency_key_is_retried_when_nothing_was_sent() {
    let client = keyless_to_a_closed_port();
    let err = create("keyless POST, connection refused", client).unwrap_err();
    assert_transport(&err, 2);
}

/// Sends `PATCH /widgets/wid_1` with `client` under the hang guard.
fn patch(name: &str, client: Client) -> Result<serde_json::Value, Error> {
    timed(name, move || client.send(&PatchWidget::new("wid_1")))
}

#[test]
fn patch_without_idempotency_key_is_not_retried_after_its_bytes_left() {
    // The server reads the whole request, then resets the connection: it may have applied it.
    let server = FaultServer::start(vec![
        Fault::ResetBeforeStatus,
        Fault::json(200, &widget_json("wid_1")),
    ]);
    let client = keyless(&server);
    let err = patch("keyless PATCH, reset after the request", client).unwrap_err();
    assert_sent_once_without_a_key(&server, &err);
}

#[test]
fn patch_without_idempotency_key_is_retried_when_nothing_was_sent() {
    let client = keyless_to_a_closed_port();
    let err = patch("keyless PATCH, connection refused", client).unwrap_err();
    assert_transport(&err, 2);
}

// --- Per-request overrides ---------------------------------------------------------------------

#[test]
fn per_request_max_retries_overrides_the_client() {
    let server = FaultServer::start(vec![Fault::json(503, &json!({})), ok_widget()]);
    let client = server.client_builder().max_retries(0).build().unwrap();
    let widget = get_with(
        "per-request max_retries(1)",
        client.clone(),
        RequestOptions::new().max_retries(1),
    )
    .unwrap();
    assert_eq!(widget.id, "wid_1");
    assert_eq!(server.attempts(), 2);

    let server = FaultServer::start(vec![Fault::json(503, &json!({})), ok_widget()]);
    let client = server.client_builder().max_retries(5).build().unwrap();
    let err = get_with(
        "per-request max_retries(0)",
        client,
        RequestOptions::new().max_retries(0),
    )
    .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.attempts(), 1);
}

#[test]
fn per_request_timeout_overrides_the_client() {
    let slow = slow_head();
    let server = FaultServer::start(vec![slow]);
    let client = server
        .client_builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .timeout(Duration::from_millis(300))
        .max_retries(1);
    let err = get_with("per-request timeout", client, options).unwrap_err();
    assert_timeout(&err, 2);
    assert_eq!(attempts_of(&err), Some(2));
    assert_eq!(server.attempts(), 2);
}
