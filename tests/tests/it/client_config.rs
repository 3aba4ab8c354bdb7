//! `Client` and `ClientBuilder`: construction, the environment, base URL rules, the headers every
//! request carries, timeouts, and that the API key never shows.

use std::time::Duration;

use serde_json::{Value, json};
use whop_core::{Client, DEFAULT_BASE_URL, Endpoint, Error, Method, RequestOptions, RequestParts};
use whop_tests::{Ping, Reply, TEST_API_KEY, TestServer};

/// A hand-written PATCH endpoint with an optional body member.
struct Rename {
    id: String,
    name: Option<String>,
}

impl Endpoint for Rename {
    const METHOD: Method = Method::Patch;
    const PATH: &'static str = "/things/{id}";
    const SCOPES: &'static [&'static str] = &[];
    type Response = Value;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.path("id", &self.id)?;
        parts.body_if_present("name", &self.name)?;
        parts.ensure_body();
        Ok(())
    }
}

fn ok_server() -> TestServer {
    TestServer::replying(Reply::json(200, &json!({"ok": true})))
}

fn rename(id: &str) -> Rename {
    Rename {
        id: id.into(),
        name: Some("new name".into()),
    }
}

fn config_message(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config { message }) => message,
        Err(other) => panic!("expected a configuration error, got {other:?}"),
        Ok(client) => panic!("expected a configuration error, got {client:?}"),
    }
}

#[test]
fn new_uses_the_production_url() {
    let client = Client::new(TEST_API_KEY).unwrap();
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    assert_eq!(DEFAULT_BASE_URL, "https://api.whop.com/api/v1");
}

#[test]
fn https_urls_are_accepted_and_trailing_slashes_dropped() {
    for (given, kept) in [
        ("https://api.whop.com/api/v1", "https://api.whop.com/api/v1"),
        (
            "https://api.whop.com/api/v1/",
            "https://api.whop.com/api/v1",
        ),
        (
            "https://staging.example.com:8443/v1",
            "https://staging.example.com:8443/v1",
        ),
    ] {
        let client = Client::builder()
            .api_key(TEST_API_KEY)
            .base_url(given)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), kept);
    }
}

#[test]
fn plain_http_is_accepted_only_to_loopback() {
    for url in [
        "http://127.0.0.1:4010",
        "http://localhost:4010/api/v1",
        "http://[::1]:4010",
        "http://127.8.9.10",
    ] {
        let client = Client::builder()
            .api_key(TEST_API_KEY)
            .base_url(url)
            .build();
        assert!(client.is_ok(), "{url}: {client:?}");
    }
    for url in [
        "http://api.whop.com/api/v1",
        "http://10.0.0.1",
        "http://localhost.example.com",
        "http://127.0.0.1.example.com",
    ] {
        let message = config_message(
            Client::builder()
                .api_key(TEST_API_KEY)
                .base_url(url)
                .build(),
        );
        assert!(
            message.contains("plain http") && message.contains(url),
            "{url}: {message}"
        );
    }
}

#[test]
fn every_request_carries_auth_accept_and_user_agent() {
    let server = ok_server();
    server.client().send(&Ping).unwrap();
    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/ping");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("whop-rs/", env!("CARGO_PKG_VERSION")))
    );
    // No body, so no content type and no idempotency key (only POST and PATCH carry one).
    assert_eq!(request.header("content-type"), None);
    assert_eq!(request.header("idempotency-key"), None);
    assert!(request.body.is_empty());
}

#[test]
fn a_request_with_a_body_says_it_is_json() {
    let server = ok_server();
    let response = server.client().send(&rename("thing_1")).unwrap();
    assert_eq!(response, json!({"ok": true}));
    let request = server.single_request();
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.target, "/things/thing_1");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str())
    );
    assert_eq!(request.body, br#"{"name":"new name"}"#);

    // Nothing set still sends an (empty) JSON object.
    let server = ok_server();
    server
        .client()
        .send(&Rename {
            id: "thing_1".into(),
            name: None,
        })
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body, b"{}");
}

#[test]
fn user_agent_and_extra_headers_are_sent() {
    let server = ok_server();
    let client = server
        .client_builder()
        .user_agent("my-app/2.1")
        .header("Api-Version-Date", "2025-01-01")
        .header("X-Team", "growth")
        .build()
        .unwrap();
    client.send(&Ping).unwrap();
    let request = server.single_request();
    assert_eq!(request.header("user-agent"), Some("my-app/2.1"));
    assert_eq!(request.header("api-version-date"), Some("2025-01-01"));
    assert_eq!(request.header("x-team"), Some("growth"));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str())
    );
}

#[test]
fn per_call_headers_override_the_clients() {
    let server = ok_server();
    let client = server
        .client_builder()
        .header("X-Team", "growth")
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .header("X-Team", "billing")
        .header("X-Trace", "t-1");
    client.send_with(&Ping, &options).unwrap();
    let request = server.single_request();
    let teams: Vec<&str> = request
        .headers
        .iter()
        .filter(|(n, _)| n == "x-team")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(teams, ["billing"]);
    assert_eq!(request.header("x-trace"), Some("t-1"));
    assert!(
        !format!("{options:?}").contains("billing"),
        "option header values stay out of Debug"
    );
}

#[test]
fn a_base_url_with_a_path_prefix_keeps_it() {
    let server = ok_server();
    let client = server
        .client_builder()
        .base_url(format!("{}/api/v1/", server.url()))
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/api/v1", server.url()));
    client.send(&rename("thing_2")).unwrap();
    assert_eq!(server.single_request().target, "/api/v1/things/thing_2");
}

#[test]
fn the_timeout_applies_to_each_call() {
    let server = TestServer::start(|_| {
        std::thread::sleep(Duration::from_secs(3));
        Reply::json(200, &json!({}))
    });
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    match client.send(&Ping) {
        Err(err @ Error::Timeout { attempts: 1, .. }) => {
            assert!(std::error::Error::source(&err).is_some(), "keeps the cause");
            assert!(err.to_string().contains("timed out"), "{err}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[test]
fn a_longer_per_call_timeout_lets_a_slow_answer_through() {
    let server = TestServer::start(|_| {
        std::thread::sleep(Duration::from_millis(600));
        Reply::json(200, &json!({}))
    });
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    assert!(matches!(client.send(&Ping), Err(Error::Timeout { .. })));
    let options = RequestOptions::new().timeout(Duration::from_secs(30));
    client
        .send_with(&Ping, &options)
        .expect("the per-call timeout replaces the client's");
    // The client's own timeout still applies to the calls without one.
    assert!(matches!(client.send(&Ping), Err(Error::Timeout { .. })));
}

#[test]
fn clones_are_shareable_and_share_connections() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<Client>();

    let server = ok_server();
    let client = server.client();
    let clone = client.clone();
    client.send(&Ping).unwrap();
    clone.send(&Ping).unwrap();
    std::thread::spawn(move || clone.send(&Ping).unwrap())
        .join()
        .unwrap();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(
        server.connections(),
        1,
        "one keep-alive connection serves all clones"
    );
}

/// Set in the child process that checks one environment.
const CHILD_MARK: &str = "WHOP_TESTS_FROM_ENV_CHILD";

/// `Client::from_env` in child processes, one per environment: the variables are process-wide,
/// so changing them in this process would race with other tests.
#[test]
fn from_env_reads_the_key_and_the_base_url() {
    if std::env::var_os(CHILD_MARK).is_some() {
        report_from_env();
        return;
    }
    let server = ok_server();

    let outcome = from_env_with(&[]);
    assert!(
        outcome.starts_with("config: ") && outcome.contains("WHOP_API_KEY"),
        "{outcome}"
    );

    let outcome = from_env_with(&[("WHOP_API_KEY", TEST_API_KEY)]);
    assert_eq!(outcome, format!("ok {DEFAULT_BASE_URL}"));

    let outcome = from_env_with(&[("WHOP_API_KEY", TEST_API_KEY), ("WHOP_BASE_URL", "  ")]);
    assert_eq!(
        outcome,
        format!("ok {DEFAULT_BASE_URL}"),
        "a blank URL means the default"
    );

    let outcome = from_env_with(&[
        ("WHOP_API_KEY", "apik_from_env"),
        ("WHOP_BASE_URL", &server.url()),
    ]);
    assert_eq!(outcome, format!("ok {} sent", server.url()));
    let request = server.single_request();
    assert_eq!(
        request.header("authorization"),
        Some("Bearer apik_from_env")
    );
    assert_eq!(
        request.header("api-version-date"),
        Some(whop_core::API_VERSION)
    );
    assert_eq!(request.header("x-whop-app-id"), None);

    let server = ok_server();
    let outcome = from_env_with(&[
        ("WHOP_API_KEY", TEST_API_KEY),
        ("WHOP_BASE_URL", &server.url()),
        ("WHOP_API_VERSION", "2026-06-09"),
        ("WHOP_APP_ID", "app_from_env"),
    ]);
    assert_eq!(outcome, format!("ok {} sent", server.url()));
    let request = server.single_request();
    assert_eq!(request.header("api-version-date"), Some("2026-06-09"));
    assert_eq!(request.header("x-whop-app-id"), Some("app_from_env"));

    let outcome = from_env_with(&[
        ("WHOP_API_KEY", TEST_API_KEY),
        ("WHOP_API_VERSION", "latest"),
    ]);
    assert!(
        outcome.starts_with("config: ") && outcome.contains("\"latest\" is not a date"),
        "{outcome}"
    );

    let outcome = from_env_with(&[
        ("WHOP_API_KEY", TEST_API_KEY),
        ("WHOP_BASE_URL", "http://api.whop.com"),
    ]);
    assert!(
        outcome.starts_with("config: ") && outcome.contains("plain http"),
        "{outcome}"
    );
    assert!(!outcome.contains(TEST_API_KEY));
}

/// Runs this test binary's env test as a child with exactly `vars` set; returns its report line.
fn from_env_with(vars: &[(&str, &str)]) -> String {
    let mut command = crate::child_test(module_path!(), "from_env_reads_the_key_and_the_base_url");
    command
        .env(CHILD_MARK, "1")
        .env_remove("WHOP_API_KEY")
        .env_remove("WHOP_BASE_URL")
        .env_remove("WHOP_API_VERSION")
        .env_remove("WHOP_APP_ID");
    for (name, value) in vars {
        command.env(name, value);
    }
    crate::child_report(&mut command, "FROM_ENV: ")
}

/// The child side: build from the environment, send one request when pointed at loopback.
fn report_from_env() {
    let report = match Client::from_env() {
        Ok(client) if client.base_url().starts_with("http://127.0.0.1") => match client.send(&Ping)
        {
            Ok(_) => format!("ok {} sent", client.base_url()),
            Err(err) => format!("send failed: {err}"),
        },
        Ok(client) => format!("ok {}", client.base_url()),
        Err(Error::Config { message }) => format!("config: {message}"),
        Err(other) => format!("other: {other}"),
    };
    println!("FROM_ENV: {report}");
}

#[test]
fn calls_to_a_named_host_look_it_up_once() {
    let server = ok_server();
    let port = server.url().rsplit(':').next().unwrap().to_owned();
    let client = server
        .client_builder()
        .base_url(format!("http://localhost:{port}"))
        .build()
        .unwrap();
    for _ in 0..200 {
        client.send(&Ping).unwrap();
    }
    // One look-up for 200 calls: the cached addresses serve the rest, and no call spawns a
    // resolver thread of its own.
    assert_eq!(client.host_lookups(), 1);
    assert_eq!(server.connections(), 1);

    // Clones share the cache.
    client.clone().send(&Ping).unwrap();
    assert_eq!(client.host_lookups(), 1);
}

#[test]
fn a_zero_dns_cache_ttl_looks_the_host_up_for_every_call() {
    let server = ok_server();
    let port = server.url().rsplit(':').next().unwrap().to_owned();
    let client = server
        .client_builder()
        .base_url(format!("http://localhost:{port}"))
        .dns_cache_ttl(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..5 {
        client.send(&Ping).unwrap();
    }
    assert_eq!(client.host_lookups(), 5);
}

#[test]
fn an_ip_address_is_never_looked_up() {
    let server = ok_server();
    let client = server.client();
    for _ in 0..20 {
        client.send(&Ping).unwrap();
    }
    assert_eq!(client.host_lookups(), 0);
}
