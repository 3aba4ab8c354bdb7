//! The API key never appears in what the crate prints: `Display` and `Debug` of the client, the
//! builder, request options and every error (with their sources), nor in log records.

use std::sync::{Mutex, Once};
use std::time::Duration;

use serde_json::json;
use whop_core::{Client, Error, RequestOptions};
use whop_tests::faults::{CreateWidget, Fault, FaultServer, GetWidget, bounded, widget_json};
use whop_tests::{Reply, TEST_API_KEY};

/// A distinctive part of the key: found anywhere, even cut or re-encoded, it is a leak.
const KEY_CORE: &str = "5ecret_never_printed";

/// Every way of printing a value, with the sources of errors followed to the end.
fn renderings(err: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = err.source();
    while let Some(inner) = source {
        out.extend([inner.to_string(), format!("{inner:?}")]);
        source = inner.source();
    }
    out
}

fn assert_no_key(what: &str, texts: &[String]) {
    assert!(!texts.is_empty());
    for text in texts {
        assert!(!text.contains(KEY_CORE), "{what} shows the API key: {text}");
    }
}

fn assert_error_clean(what: &str, err: &Error) {
    assert_no_key(what, &renderings(err));
}

// --- Log capture: every record at every level, from every crate ---------------------------------

static RECORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}: {}", record.level(), record.target(), record.args());
        RECORDS.lock().unwrap().push(line);
    }
    fn flush(&self) {}
}

fn capture_logs() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&Capture).expect("no other logger in this process");
        log::set_max_level(log::LevelFilter::Trace);
    });
}

#[test]
fn client_builder_and_options_do_not_print_the_key() {
    let builder = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url("http://127.0.0.1:9")
        .header("X-Extra-Credential", TEST_API_KEY)
        .header("X-Extra", "extra-value");
    let client = builder.clone().build().unwrap();
    let options = RequestOptions::new()
        .header("Authorization", format!("Bearer {TEST_API_KEY}"))
        .timeout(Duration::from_secs(1));
    assert_no_key(
        "client, builder or options",
        &[
            format!("{builder:?}"),
            format!("{builder:#?}"),
            format!("{client:?}"),
            format!("{client:#?}"),
            format!("{options:?}"),
            format!("{options:#?}"),
        ],
    );
    for text in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        // The redaction is visible, not an accident of formatting.
        assert!(text.contains("redacted"), "says the key is hidden: {text}");
        assert!(
            !text.contains("extra-value"),
            "header values may be secrets too: {text}"
        );
        assert!(
            text.contains("http://127.0.0.1:9"),
            "shows the useful settings: {text}"
        );
    }
}

#[test]
fn configuration_errors_do_not_print_the_key() {
    let bad_key = Client::builder()
        .api_key(format!("{TEST_API_KEY}\u{7}"))
        .build()
        .unwrap_err();
    assert!(matches!(bad_key, Error::Config { .. }), "{bad_key:?}");
    assert_error_clean("a malformed key", &bad_key);

    let bad_header = Client::builder()
        .api_key(TEST_API_KEY)
        .header("X-Api-Key", format!("{TEST_API_KEY}\n"))
        .build()
        .unwrap_err();
    assert_error_clean("a malformed header", &bad_header);

    let server = FaultServer::start(vec![Fault::json(200, &widget_json("wid_1"))]);
    let client = server.client_builder().build().unwrap();
    let options =
        RequestOptions::new().header("Authorization", format!("Bearer {TEST_API_KEY}\r\n"));
    let bad_option = client
        .send_with(&GetWidget::new("wid_1"), &options)
        .unwrap_err();
    assert!(
        matches!(bad_option, Error::InvalidRequest { .. }),
        "{bad_option:?}"
    );
    assert_error_clean("a malformed per-request header", &bad_option);
    assert_eq!(server.attempts(), 0);
}

/// Set in the child process that runs the log test below.
const CHILD_MARK: &str = "WHOP_TESTS_LOG_CHILD";

/// The logger is process-wide: installed in this process, it would capture the records of every
/// other test running beside it. So the test's body runs alone in a child process, which installs
/// the capture; here, the test only checks that the child passed.
#[test]
fn errors_from_calls_and_log_records_do_not_print_the_key() {
    if std::env::var_os(CHILD_MARK).is_none() {
        crate::run_child(
            crate::child_test(
                module_path!(),
                "errors_from_calls_and_log_records_do_not_print_the_key",
            )
            .env(CHILD_MARK, "1"),
        );
        return;
    }
    capture_logs();
    let mut errors: Vec<(&str, Error)> = Vec::new();
    let call = |client: Client| {
        bounded(Duration::from_secs(60), move || {
            client.send(&GetWidget::new("wid_1"))
        })
    };

    let api = FaultServer::start(vec![Fault::json(
        401,
        &json!({"error": {"type": "unauthorized", "message": "The API key is invalid", "code": "bad_key"}}),
    )]);
    errors.push((
        "401",
        call(api.client_builder().build().unwrap()).unwrap_err(),
    ));
    assert_eq!(
        api.requests()[0].header("authorization"),
        Some(format!("Bearer {TEST_API_KEY}").as_str()),
        "the key was really sent"
    );

    let slow = Fault::SlowHead {
        reply: Reply::json(200, &widget_json("wid_1")),
        delay: Duration::from_secs(20),
    };
    let timeout = FaultServer::start(vec![slow]);
    let client = timeout
        .client_builder()
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    errors.push(("timeout", call(client).unwrap_err()));

    let port = whop_tests::closed_port();
    let refused = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    errors.push(("connection refused", call(refused).unwrap_err()));

    let reset = FaultServer::start(vec![Fault::ResetBeforeStatus]);
    errors.push((
        "reset",
        call(reset.client_builder().max_retries(0).build().unwrap()).unwrap_err(),
    ));

    let decode = FaultServer::start(vec![Fault::Reply(Reply::raw(
        200,
        "application/json",
        "{\"id\": 1",
    ))]);
    errors.push((
        "decode",
        call(decode.client_builder().build().unwrap()).unwrap_err(),
    ));

    let big = FaultServer::start(vec![Fault::json(200, &widget_json(&"x".repeat(4096)))]);
    errors.push((
        "too large",
        call(
            big.client_builder()
                .max_response_bytes(1024)
                .build()
                .unwrap(),
        )
        .unwrap_err(),
    ));

    // A 307 cannot carry a POST body along: ureq refuses, and the error says so.
    let redirect = FaultServer::start(vec![Fault::Reply(
        Reply::raw(307, "text/plain", "").header("Location", "/elsewhere"),
    )]);
    let client = redirect.client_builder().max_retries(0).build().unwrap();
    errors.push((
        "refused redirect",
        bounded(Duration::from_secs(60), move || {
            client.send(&CreateWidget::new("Sprocket"))
        })
        .unwrap_err(),
    ));

    // The key travels in a redirect-following call too, and is logged by nobody.
    let other = FaultServer::start(vec![Fault::json(200, &widget_json("wid_1"))]);
    let moved = FaultServer::start(vec![Fault::Reply(
        Reply::raw(301, "text/plain", "").header(
            "Location",
            &format!("http://localhost:{}/moved", other.port()),
        ),
    )]);
    call(moved.client_builder().build().unwrap()).unwrap();

    let server = FaultServer::start(vec![Fault::json(200, &json!({}))]);
    let client = server.client_builder().build().unwrap();
    errors.push((
        "invalid request",
        client.send(&GetWidget::new("")).unwrap_err(),
    ));

    let kinds: Vec<&str> = errors
        .iter()
        .map(|(_, err)| match err {
            Error::Api(_) => "Api",
            Error::Timeout { .. } => "Timeout",
            Error::Transport { .. } => "Transport",
            Error::Decode(_) => "Decode",
            Error::BodyTooLarge { .. } => "BodyTooLarge",
            Error::InvalidRequest { .. } => "InvalidRequest",
            Error::Config { .. } => "Config",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Api",
            "Timeout",
            "Transport",
            "Transport",
            "Decode",
            "BodyTooLarge",
            "Transport",
            "InvalidRequest"
        ]
    );
    for (what, err) in &errors {
        assert_error_clean(what, err);
    }

    let records = RECORDS.lock().unwrap().clone();
    eprintln!(
        "{} log records, e.g. {:?}",
        records.len(),
        records.iter().find(|r| r.contains("headers"))
    );
    assert!(
        !records.is_empty(),
        "the transport logs requests at debug level; nothing was captured"
    );
    assert_no_key("a log record", &records);
}
