//! `files::upload` against a loopback API and a loopback "storage" server that records what it
//! received: the three steps, the exact URL and headers of the PUT, and an error naming each
//! step that can fail.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use whop_core::http::StatusCode;
use whop_core::{Error, UploadError};
use whop_endpoints::files::{self, FileVisibility, UploadOptions, UploadStatus};
use whop_tests::{RecordedRequest, Reply, TEST_API_KEY, TestServer};

const FILE_ID: &str = "file_7kQm2ZcXw9Lp";
const BYTES: &[u8] = b"\x89PNG\r\n\x1a\n not really a png, but bytes all the same \x00\xff";

/// A presigned path and query as S3 writes them. Re-encoding would change it: `%2b` in lower
/// case, `%7E` for `~`, `+` and `%20`, and the order of the parameters, are all kept.
const PRESIGNED: &str = "/uploads/file_7kQm2ZcXw9Lp/logo%20final.png?X-Amz-Algorithm=AWS4-HMAC-SHA256\
&X-Amz-Credential=AKIAEXAMPLE%2F20250101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20250101T000000Z\
&X-Amz-Expires=900&X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-acl&note=a+b%2b%7E\
&X-Amz-Signature=5f2a9c0d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f";

fn file(status: &str) -> Value {
    json!({
        "id": FILE_ID,
        "upload_status": status,
        "filename": "logo final.png",
        "content_type": "image/png",
        "size": if status == "ready" { json!(BYTES.len().to_string()) } else { Value::Null },
        "url": if status == "ready" { json!("https://media.whop.com/logo.png") } else { Value::Null },
        "visibility": "public",
    })
}

fn created(upload_url: Value, upload_headers: Value) -> Value {
    let mut body = file("pending");
    body["upload_url"] = upload_url;
    body["upload_headers"] = upload_headers;
    body
}

fn signed_headers() -> Value {
    json!({"Content-Type": "image/png", "x-amz-acl": "public-read"})
}

/// A storage server that accepts every PUT.
fn storage() -> TestServer {
    TestServer::replying(Reply::raw(200, "text/plain", ""))
}

/// An API that creates the file with an upload URL on `storage`, then reports each of
/// `statuses` in turn on `GET /files/{id}` (the last one from then on).
fn api(storage: &TestServer, statuses: &'static [&'static str]) -> TestServer {
    let upload_url = format!("{}{PRESIGNED}", storage.url());
    let polls = Arc::new(AtomicUsize::new(0));
    TestServer::start(
        move |request| match (request.method.as_str(), request.path()) {
            ("POST", "/files") => Reply::json(200, &created(json!(upload_url), signed_headers())),
            ("GET", path) if path == format!("/files/{FILE_ID}") => {
                let poll = polls.fetch_add(1, Ordering::SeqCst);
                Reply::json(200, &file(statuses[poll.min(statuses.len() - 1)]))
            }
            _ => Reply::json(
                404,
                &json!({"error": {"type": "not_found", "message": "no route"}}),
            ),
        },
    )
}

fn fast() -> UploadOptions {
    UploadOptions::new().poll_interval(Duration::from_millis(5))
}

fn upload_error(result: Result<files::File, Error>) -> UploadError {
    match result {
        Err(Error::Upload(error)) => *error,
        other => panic!("expected Error::Upload, got {other:?}"),
    }
}

fn polls(api: &TestServer) -> Vec<RecordedRequest> {
    api.requests()
        .into_iter()
        .filter(|request| request.method == "GET")
        .collect()
}

#[test]
fn upload_creates_puts_and_waits_until_ready() {
    let storage = storage();
    let api = api(&storage, &["pending", "processing", "ready"]);
    let client = api.client();

    let file = files::upload_with(&client, "logo final.png", BYTES, &fast()).expect("uploaded");
    assert_eq!(file.id, FILE_ID);
    assert_eq!(file.upload_status, UploadStatus::Ready);
    assert_eq!(file.url.as_deref(), Some("https://media.whop.com/logo.png"));

    // Step 1: the record, with only the filename.
    let create = &api.requests()[0];
    assert_eq!((create.method.as_str(), create.path()), ("POST", "/files"));
    assert_eq!(create.json(), json!({"filename": "logo final.png"}));

    // Step 2: one PUT of the bytes, to the URL exactly as given, with exactly the given headers.
    let put = storage.single_request();
    assert_eq!(put.method, "PUT");
    assert_eq!(put.target, PRESIGNED);
    assert_eq!(put.body, BYTES);
    let mut names: Vec<&str> = put.headers.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["content-length", "content-type", "host", "x-amz-acl"],
        "{:?}",
        put.headers
    );
    assert_eq!(put.header("content-type"), Some("image/png"));
    assert_eq!(put.header("x-amz-acl"), Some("public-read"));
    assert_eq!(
        put.header("content-length"),
        Some(BYTES.len().to_string().as_str())
    );
    for (_, value) in &put.headers {
        assert!(!value.contains(TEST_API_KEY), "the API key went to storage");
    }

    // Step 3: polled until ready, with the API key (it is the API).
    let polls = polls(&api);
    assert_eq!(polls.len(), 3);
    for poll in &polls {
        assert_eq!(poll.path(), format!("/files/{FILE_ID}"));
        assert_eq!(
            poll.header("authorization"),
            Some(format!("Bearer {TEST_API_KEY}").as_str())
        );
    }
}

#[test]
fn upload_with_defaults_returns_a_file_ready_at_once() {
    let storage = storage();
    let api = api(&storage, &["ready"]);
    let file = files::upload(&api.client(), "logo final.png", BYTES).expect("uploaded");
    assert_eq!(file.upload_status, UploadStatus::Ready);
    assert_eq!(polls(&api).len(), 1);
    assert_eq!(storage.single_request().body, BYTES);
}

#[test]
fn visibility_is_sent_when_chosen() {
    let storage = storage();
    let api = api(&storage, &["ready"]);
    let options = fast().visibility(FileVisibility::Private);
    files::upload_with(&api.client(), "secret.pdf", b"%PDF-1.7", &options).expect("uploaded");
    assert_eq!(
        api.requests()[0].json(),
        json!({"filename": "secret.pdf", "visibility": "private"})
    );
}

#[test]
fn the_clients_own_headers_do_not_go_to_storage() {
    let storage = storage();
    let api = api(&storage, &["ready"]);
    let client = api
        .client_builder()
        .header("X-Internal-Token", "internal-credential")
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    files::upload_with(&client, "logo final.png", BYTES, &fast()).expect("uploaded");
    let put = storage.single_request();
    assert_eq!(put.header("x-internal-token"), None);
    assert_eq!(put.header("user-agent"), None);
    assert_eq!(put.header("authorization"), None);
    // The API calls carry them.
    assert_eq!(
        api.requests()[0].header("x-internal-token"),
        Some("internal-credential")
    );
}

#[test]
fn a_refused_put_is_a_put_error_with_the_storage_answer() {
    let storage = TestServer::replying(
        Reply::raw(
            403,
            "application/xml",
            "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code></Error>",
        )
        .header("x-amz-request-id", "4442587FB7D0A2F9"),
    );
    let api = api(&storage, &["ready"]);

    let error = upload_error(files::upload_with(
        &api.client(),
        "logo final.png",
        BYTES,
        &fast(),
    ));
    let text = error.to_string();
    match &error {
        UploadError::Put { file_id, source } => {
            assert_eq!(file_id, FILE_ID);
            let api_error = source.as_api().expect("the storage status");
            assert_eq!(api_error.status, 403);
            assert_eq!(api_error.request_id.as_deref(), Some("4442587FB7D0A2F9"));
            assert!(api_error.body.contains("SignatureDoesNotMatch"));
        }
        other => panic!("expected Put, got {other:?}"),
    }
    assert!(
        text.contains("step 2") && text.contains("upload URL"),
        "{text}"
    );
    assert!(
        !text.contains("X-Amz-Signature"),
        "the presigned query is a credential: {text}"
    );
    assert_eq!(error.file_id(), Some(FILE_ID));
    assert!(polls(&api).is_empty(), "no polling after a failed PUT");
}

#[test]
fn a_failed_processing_is_a_failed_error() {
    let storage = storage();
    let api = api(&storage, &["processing", "failed"]);
    let error = upload_error(files::upload_with(
        &api.client(),
        "logo final.png",
        BYTES,
        &fast(),
    ));
    assert!(
        matches!(&error, UploadError::Failed { file_id } if file_id == FILE_ID),
        "{error:?}"
    );
    assert!(error.to_string().contains("step 3"), "{error}");
    assert_eq!(polls(&api).len(), 2);
}

#[test]
fn a_passed_deadline_is_a_deadline_error_with_the_last_status() {
    let storage = storage();
    let api = api(&storage, &["pending", "processing"]);
    let options = fast().deadline(Duration::from_millis(60));
    let error = upload_error(files::upload_with(
        &api.client(),
        "logo final.png",
        BYTES,
        &options,
    ));
    match &error {
        UploadError::Deadline {
            file_id,
            waited,
            status,
        } => {
            assert_eq!(file_id, FILE_ID);
            assert_eq!(status, "processing");
            assert!(*waited >= Duration::from_millis(60));
        }
        other => panic!("expected Deadline, got {other:?}"),
    }
    assert!(error.to_string().contains("step 3"), "{error}");
    // Checked once more at the deadline, and not after it.
    assert!(polls(&api).len() >= 2);

    // A zero deadline checks once.
    let api = self::api(&storage, &["processing"]);
    let options = fast().deadline(Duration::ZERO);
    let error = upload_error(files::upload_with(&api.client(), "a.png", BYTES, &options));
    assert!(matches!(error, UploadError::Deadline { .. }), "{error:?}");
    assert_eq!(polls(&api).len(), 1);
}

#[test]
fn a_refused_create_is_a_create_error_and_nothing_is_uploaded() {
    let storage = storage();
    let api = TestServer::replying(Reply::json(
        422,
        &json!({"error": {"type": "invalid_request_error", "message": "filename is invalid"}}),
    ));
    let error = upload_error(files::upload_with(&api.client(), "", BYTES, &fast()));
    match &error {
        UploadError::Create { source } => {
            assert_eq!(source.status(), Some(StatusCode::UNPROCESSABLE_ENTITY))
        }
        other => panic!("expected Create, got {other:?}"),
    }
    assert!(error.to_string().contains("step 1"), "{error}");
    assert_eq!(error.file_id(), None);
    assert!(storage.requests().is_empty());
}

#[test]
fn an_answer_without_a_usable_upload_target_is_refused() {
    let cases = [
        (json!(null), signed_headers()),
        (json!("  "), signed_headers()),
        (
            json!("http://127.0.0.1:9/x"),
            json!({"x-amz-meta": {"nested": true}}),
        ),
        (
            json!("http://127.0.0.1:9/x"),
            json!({"bad header name": "v"}),
        ),
        (
            json!("http://127.0.0.1:9/x"),
            json!({"x-amz-meta-note": "line\nbreak"}),
        ),
    ];
    for (url, headers) in cases {
        let body = created(url.clone(), headers.clone());
        let api = TestServer::replying(Reply::json(200, &body));
        let error = upload_error(files::upload_with(&api.client(), "a.png", BYTES, &fast()));
        assert!(
            matches!(&error, UploadError::BadUploadTarget { file_id, .. } if file_id == FILE_ID),
            "{url} {headers}: {error:?}"
        );
        assert!(error.to_string().contains("step 1"), "{error}");
    }
}

#[test]
fn an_upload_url_that_is_not_https_is_not_used() {
    for url in [
        "http://storage.example.com/upload?sig=1",
        "ftp://127.0.0.1/upload",
        "not a url",
    ] {
        let body = created(json!(url), signed_headers());
        let api = TestServer::replying(Reply::json(200, &body));
        let error = upload_error(files::upload_with(&api.client(), "a.png", BYTES, &fast()));
        match &error {
            UploadError::Put { source, .. } => {
                assert!(
                    matches!(**source, Error::InvalidRequest { .. }),
                    "{url}: {source:?}"
                )
            }
            other => panic!("{url}: expected Put, got {other:?}"),
        }
    }
}

#[test]
fn a_failing_poll_is_a_poll_error() {
    let storage = storage();
    let upload_url = format!("{}{PRESIGNED}", storage.url());
    let api = TestServer::start(move |request| match request.method.as_str() {
        "POST" => Reply::json(200, &created(json!(upload_url), signed_headers())),
        _ => Reply::json(
            404,
            &json!({"error": {"type": "not_found", "message": "gone"}}),
        ),
    });
    let error = upload_error(files::upload_with(&api.client(), "a.png", BYTES, &fast()));
    match &error {
        UploadError::Poll { file_id, source } => {
            assert_eq!(file_id, FILE_ID);
            assert_eq!(source.status(), Some(StatusCode::NOT_FOUND));
        }
        other => panic!("expected Poll, got {other:?}"),
    }
    assert!(error.to_string().contains("step 3"), "{error}");
}

#[test]
fn a_stalled_storage_server_times_out_the_put() {
    let storage = TestServer::start(|_| {
        std::thread::sleep(Duration::from_secs(2));
        Reply::raw(200, "text/plain", "")
    });
    let api = api(&storage, &["ready"]);
    let options = fast().put_timeout(Duration::from_millis(200));
    let error = upload_error(files::upload_with(&api.client(), "a.png", BYTES, &options));
    match &error {
        UploadError::Put { source, .. } => {
            assert!(matches!(**source, Error::Timeout { .. }), "{source:?}")
        }
        other => panic!("expected Put, got {other:?}"),
    }
}

#[test]
fn put_presigned_refuses_what_it_cannot_send_without_sending() {
    let storage = storage();
    let client = storage.client();
    let headers = whop_core::http::HeaderMap::new();
    let url = format!("{}/x?sig=1", storage.url());
    let zero = client.put_presigned(&url, &headers, BYTES, Some(Duration::ZERO));
    assert!(
        matches!(zero, Err(Error::InvalidRequest { .. })),
        "{zero:?}"
    );
    assert!(storage.requests().is_empty());
    // And sends what it can, with the body as given.
    client
        .put_presigned(&url, &headers, b"", None)
        .expect("an empty body is a valid upload");
    let put = storage.single_request();
    assert_eq!((put.target.as_str(), put.body.len()), ("/x?sig=1", 0));
}

#[test]
fn the_put_trusts_the_clients_extra_roots_and_goes_through_its_proxy() {
    let ca = whop_tests::tls::TestCa::new("storage CA");
    let storage = TestServer::start_tls(ca.server_config(), |_| Reply::raw(200, "text/plain", ""));
    let proxy = whop_tests::proxy::ConnectProxy::start();
    let api = TestServer::replying(Reply::json(200, &json!({})));
    let url = format!("{}{PRESIGNED}", storage.url());
    let mut headers = whop_core::http::HeaderMap::new();
    headers.insert("x-amz-acl", "private".parse().unwrap());

    // Without the CA the storage host's certificate is refused, whatever the client trusts for
    // the API.
    let plain = api.client_builder().no_proxy().build().unwrap();
    let refused = plain
        .put_presigned(&url, &headers, BYTES, None)
        .unwrap_err();
    assert!(refused.to_string().contains("TLS certificate"), "{refused}");
    assert!(storage.requests().is_empty());

    // With it, and a proxy, the PUT tunnels through the proxy and arrives byte for byte.
    let client = api
        .client_builder()
        .add_root_certificate(ca.cert_pem().as_bytes())
        .proxy(proxy.url())
        .build()
        .unwrap();
    client
        .put_presigned(&url, &headers, BYTES, None)
        .expect("the PUT over TLS through the proxy");
    let put = storage.single_request();
    assert_eq!(put.target, PRESIGNED);
    assert_eq!(put.body, BYTES);
    assert_eq!(put.header("authorization"), None);
    assert_eq!(
        proxy.request_lines(),
        [format!("CONNECT localhost:{} HTTP/1.1", storage.port())]
    );
    let key = TEST_API_KEY.as_bytes();
    assert!(!proxy.relayed().windows(key.len()).any(|w| w == key));
}
