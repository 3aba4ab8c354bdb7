//! HTTPS on loopback: a server whose certificate comes from a CA made for the test, a private CA
//! trusted with `ClientBuilder::add_root_certificate`, certificate failures that are reported as
//! such and not retried, and a `CONNECT` proxy, set explicitly or from the environment.

use serde_json::json;
use whop_core::{Client, Error};
use whop_tests::proxy::ConnectProxy;
use whop_tests::tls::TestCa;
use whop_tests::{Ping, Reply, TEST_API_KEY, TestServer, assert_chain_says_each_thing_once};

/// Set in the child process of the environment-proxy test.
const CHILD_MARK: &str = "WHOP_TESTS_HTTPS_CHILD";

fn tls_server(ca: &TestCa) -> TestServer {
    TestServer::start_tls(ca.server_config(), |_| {
        Reply::json(200, &json!({"ok": true}))
    })
}

fn client_trusting(server: &TestServer, ca: &TestCa) -> Client {
    server
        .client_builder()
        .add_root_certificate(ca.cert_pem().as_bytes())
        .no_proxy()
        .build()
        .expect("a client")
}

#[test]
fn a_private_ca_is_trusted_and_connections_are_kept_alive() {
    let ca = TestCa::new("whop-rs test CA");
    let server = tls_server(&ca);
    assert!(server.url().starts_with("https://localhost:"));
    let client = client_trusting(&server, &ca);
    for _ in 0..3 {
        assert_eq!(client.send(&Ping).unwrap(), json!({"ok": true}));
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections(), 1, "one TLS connection for all calls");
    let sent = server.requests().pop().unwrap();
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str())
    );
}

#[test]
fn an_untrusted_certificate_is_a_transport_error_that_says_so_and_is_not_retried() {
    let ca = TestCa::new("whop-rs test CA");
    let server = tls_server(&ca);
    let other_ca = TestCa::new("some other CA");
    for client in [
        // Only the public roots.
        server
            .client_builder()
            .max_retries(2)
            .no_proxy()
            .build()
            .unwrap(),
        // A private CA, but not the one that signed the server's certificate.
        server
            .client_builder()
            .max_retries(2)
            .add_root_certificate(other_ca.cert_pem().as_bytes())
            .no_proxy()
            .build()
            .unwrap(),
    ] {
        let err = client.send(&Ping).unwrap_err();
        match &err {
            Error::Transport { attempts, .. } => assert_eq!(*attempts, 1, "not retried: {err}"),
            other => panic!("expected a transport error, got {other:?}"),
        }
        let text = err.to_string();
        assert!(text.contains("TLS certificate"), "{text}");
        assert!(text.contains("add_root_certificate"), "{text}");
        assert!(
            text.starts_with("Ping (GET /ping): the server's TLS certificate was not accepted"),
            "{text}"
        );
        assert!(!text.contains(TEST_API_KEY));
        // Which check failed is the TLS layer's report, the source, and is said only there.
        let chain = assert_chain_says_each_thing_once(&err);
        assert!(
            chain.len() > 1 && chain[1].contains("certificate"),
            "{chain:?}"
        );
    }
    assert!(server.requests().is_empty(), "no request got through");
}

#[test]
fn a_pem_without_a_certificate_is_a_configuration_error() {
    for pem in [
        &b""[..],
        b"not a certificate",
        b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n",
    ] {
        match Client::builder()
            .api_key(TEST_API_KEY)
            .add_root_certificate(pem)
            .build()
        {
            Err(Error::Config { message }) => {
                assert!(message.contains("root certificate 1"), "{message}")
            }
            other => panic!("expected a configuration error, got {other:?}"),
        }
    }
}

#[test]
fn an_explicit_proxy_tunnels_and_never_sees_the_key() {
    let ca = TestCa::new("whop-rs test CA");
    let server = tls_server(&ca);
    let proxy = ConnectProxy::start();
    let client = server
        .client_builder()
        .add_root_certificate(ca.cert_pem().as_bytes())
        .proxy(proxy.url())
        .build()
        .unwrap();
    client.send(&Ping).unwrap();
    client.send(&Ping).unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        proxy.request_lines(),
        [format!("CONNECT localhost:{} HTTP/1.1", server.port())],
        "one tunnel, kept alive"
    );
    let relayed = proxy.relayed();
    assert!(!relayed.is_empty());
    let key = TEST_API_KEY.as_bytes();
    assert!(
        !relayed.windows(key.len()).any(|w| w == key),
        "the proxy saw the API key in clear"
    );
}

#[test]
fn a_plain_http_loopback_url_is_never_proxied() {
    let server = TestServer::replying(Reply::json(200, &json!({"ok": true})));
    let proxy = ConnectProxy::start();
    let client = server.client_builder().proxy(proxy.url()).build().unwrap();
    client.send(&Ping).unwrap();
    assert_eq!(server.requests().len(), 1);
    assert!(proxy.request_lines().is_empty());
}

#[test]
fn proxy_credentials_stay_out_of_debug_and_errors() {
    let builder = Client::builder()
        .api_key(TEST_API_KEY)
        .proxy("http://user:hunter2@proxy.internal:3128");
    let debug = format!("{builder:?}");
    assert!(debug.contains("http://proxy.internal:3128"), "{debug}");
    assert!(!debug.contains("hunter2"), "{debug}");

    match Client::builder()
        .api_key(TEST_API_KEY)
        .proxy("gopher://user:hunter2@proxy.internal:70")
        .build()
    {
        Err(Error::Config { message }) => {
            assert!(message.contains("proxy"), "{message}");
            assert!(!message.contains("hunter2"), "{message}");
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn the_proxy_environment_variables_are_honoured_unless_turned_off() {
    if std::env::var_os(CHILD_MARK).is_some() {
        child_call();
        return;
    }
    let ca = TestCa::new("whop-rs test CA");
    let server = tls_server(&ca);
    for variable in ["HTTPS_PROXY", "ALL_PROXY", "https_proxy"] {
        let proxy = ConnectProxy::start();
        assert_eq!(
            run_child(&server, &ca, &[(variable, &proxy.url())], false),
            "ok"
        );
        assert_eq!(
            proxy.request_lines(),
            [format!("CONNECT localhost:{} HTTP/1.1", server.port())],
            "{variable}"
        );

        let proxy = ConnectProxy::start();
        assert_eq!(
            run_child(&server, &ca, &[(variable, &proxy.url())], true),
            "ok"
        );
        assert!(
            proxy.request_lines().is_empty(),
            "no_proxy() with {variable}"
        );
    }
    // NO_PROXY names hosts that are reached directly.
    let proxy = ConnectProxy::start();
    assert_eq!(
        run_child(
            &server,
            &ca,
            &[("HTTPS_PROXY", &proxy.url()), ("NO_PROXY", "localhost")],
            false
        ),
        "ok"
    );
    assert!(proxy.request_lines().is_empty(), "NO_PROXY=localhost");
    assert_eq!(server.requests().len(), 7);
}

/// Runs the env test in a child process with exactly these proxy variables; returns its report.
fn run_child(server: &TestServer, ca: &TestCa, vars: &[(&str, &str)], no_proxy: bool) -> String {
    let mut command = crate::child_test(
        module_path!(),
        "the_proxy_environment_variables_are_honoured_unless_turned_off",
    );
    command
        .env(CHILD_MARK, "1")
        .env("WHOP_TESTS_URL", server.url())
        .env("WHOP_TESTS_CA", ca.cert_pem())
        .env("WHOP_TESTS_NO_PROXY", if no_proxy { "1" } else { "" });
    for name in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    for (name, value) in vars {
        command.env(name, value);
    }
    crate::child_report(&mut command, "CHILD: ")
}

/// The child side: one call with a client built from the environment it was given.
fn child_call() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let mut builder = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(var("WHOP_TESTS_URL"))
        .max_retries(0)
        .add_root_certificate(var("WHOP_TESTS_CA").as_bytes());
    if var("WHOP_TESTS_NO_PROXY") == "1" {
        builder = builder.no_proxy();
    }
    let report = match builder.build().and_then(|client| client.send(&Ping)) {
        Ok(_) => "ok".to_owned(),
        Err(err) => format!("failed: {err}"),
    };
    println!("CHILD: {report}");
}
