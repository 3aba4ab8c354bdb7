//! The error model over real HTTP: every non-2xx is `Error::Api` with Whop's fields when the body
//! has them and a useful message when it does not; bad 2xx bodies are `Error::Decode` naming the
//! failing JSON path; limits, timeouts, refused connections and bad input are typed errors.

use whop_tests::spec::Spec;

use std::error::Error as _;
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use whop_core::http::StatusCode;
use whop_core::{
    ApiError, Call, Client, Endpoint, Error, Method, RequestParts, Timestamp, UploadError,
};
use whop_endpoints::experiences::UpdateExperience;
use whop_endpoints::products::UpdateProduct;
use whop_tests::faults::{Fault, FaultServer, bounded};
use whop_tests::{Reply, TEST_API_KEY, TestServer, assert_chain_says_each_thing_once, error_chain};

/// A response model with nested values, so decode errors have a path to name.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Thing {
    id: String,
    created_at: Timestamp,
    parts: Vec<Part>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Part {
    id: String,
    count: u32,
}

/// `GET /things/{id}`, written by hand so these tests need nothing generated.
struct GetThing(&'static str);

impl Endpoint for GetThing {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/things/{id}";
    const SCOPES: &'static [&'static str] = &[];
    type Response = Thing;

    fn write_request(&self, parts: &mut RequestParts) -> Result<(), Error> {
        parts.path("id", self.0)
    }
}

/// Sends `GET /things/thing_1` to a server giving `reply`; returns the error.
fn error_for(reply: Reply) -> Error {
    let server = TestServer::replying(reply);
    let result = server.client().send(&GetThing("thing_1"));
    assert_eq!(server.requests().len(), 1, "one request, no retries");
    match result {
        Err(err) => {
            assert_no_key(&err);
            err
        }
        Ok(thing) => panic!("expected an error, got {thing:?}"),
    }
}

fn api_error(reply: Reply) -> ApiError {
    match error_for(reply) {
        Error::Api(api) => *api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn assert_no_key(err: &Error) {
    for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        assert!(
            !text.contains(TEST_API_KEY) && !text.contains("5ecret"),
            "{text}"
        );
    }
}

/// The `error` object of the spec's example for `status` of an operation.
fn spec_error_example(operation: &str, status: &str) -> Value {
    let example = Spec::load().response_example(operation, status);
    example
        .get("error")
        .cloned()
        .unwrap_or_else(|| panic!("{operation} {status}: no error object in {example}"))
}

fn assert_matches_example(api: &ApiError, status: u16, example: &Value) {
    assert_eq!(api.status, status);
    assert_eq!(api.error_type, example["type"].as_str().unwrap(), "{api:?}");
    assert_eq!(api.message, example["message"].as_str().unwrap(), "{api:?}");
    assert_eq!(
        api.code.as_deref(),
        example.get("code").and_then(Value::as_str),
        "{api:?}"
    );
    assert_eq!(
        api.param.as_deref(),
        example.get("param").and_then(Value::as_str),
        "{api:?}"
    );
    let shown = api.to_string();
    assert!(
        shown.contains(&status.to_string()) && shown.contains(&api.message),
        "{shown}"
    );
}

#[test]
fn every_documented_status_of_update_product_decodes_the_spec_example() {
    for status in whop_tests::spec::DOCUMENTED_ERROR_STATUSES {
        let example = spec_error_example("updateProduct", status);
        let code: u16 = status.parse().unwrap();
        let request_id = format!("req_product_{status}");
        let server = TestServer::replying(
            Reply::json(code, &json!({"error": example.clone()}))
                .header("x-request-id", &request_id),
        );
        let mut request = UpdateProduct::new("prod_xxxxxxxxxxxxx");
        request.title = "Pickaxe Analytics".to_string().into();
        let err = request.send(&server.client()).unwrap_err();
        assert_no_key(&err);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(code));
        let api = err.as_api().unwrap_or_else(|| panic!("{status}: {err:?}"));
        assert_matches_example(api, code, &example);
        assert_eq!(api.request_id.as_deref(), Some(request_id.as_str()));
        assert!(
            err.to_string().contains(&request_id),
            "the request id is shown: {err}"
        );
        assert_eq!(
            server.requests().len(),
            1,
            "{status}: errors are not retried by a client without retries"
        );
    }
}

#[test]
fn every_documented_status_of_update_experience_decodes_the_spec_example() {
    for status in whop_tests::spec::DOCUMENTED_ERROR_STATUSES {
        let example = spec_error_example("updateExperience", status);
        let code: u16 = status.parse().unwrap();
        let server = TestServer::replying(Reply::json(code, &json!({"error": example.clone()})));
        let err = UpdateExperience::new("exp_xxxxxxxxxxxxxx")
            .send(&server.client())
            .unwrap_err();
        assert_no_key(&err);
        match &err {
            Error::Api(api) => {
                assert_matches_example(api, code, &example);
                assert_eq!(api.request_id, None, "no x-request-id header, no id");
            }
            other => panic!("{status}: expected Error::Api, got {other:?}"),
        }
    }
}

#[test]
fn code_param_and_request_id_are_captured() {
    let body = json!({"error": {
        "type": "invalid_request_error",
        "code": "parameter_invalid",
        "message": "Title must be at most 80 characters.",
        "param": "title"
    }});
    let api = api_error(Reply::json(400, &body).header("X-Request-Id", "req_9f2c"));
    assert_eq!(api.status, 400);
    assert_eq!(api.error_type, "invalid_request_error");
    assert_eq!(api.message, "Title must be at most 80 characters.");
    assert_eq!(api.code.as_deref(), Some("parameter_invalid"));
    assert_eq!(api.param.as_deref(), Some("title"));
    assert_eq!(api.request_id.as_deref(), Some("req_9f2c"));
    assert_eq!(serde_json::from_str::<Value>(&api.body).unwrap(), body);
    assert_eq!(
        api.to_string(),
        "GetThing (GET /things/{id}): 400 Bad Request: Title must be at most 80 characters. \
         (invalid_request_error, code parameter_invalid, param title, request id req_9f2c)"
    );
}

#[test]
fn an_html_502_from_a_proxy_is_still_an_api_error() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>\
                </center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
    let err = error_for(Reply::raw(502, "text/html", html).header("x-request-id", "req_proxy"));
    assert!(
        err.to_string()
            .starts_with("GetThing (GET /things/{id}): 502 Bad Gateway"),
        "{err}"
    );
    let api = err.as_api().unwrap();
    assert_eq!(api.status, 502);
    assert_eq!(api.error_type, "server_error");
    assert_eq!(
        api.message,
        "the server answered with an HTML page titled \"502 Bad Gateway\""
    );
    assert_eq!(api.request_id.as_deref(), Some("req_proxy"));
    assert_eq!(api.body, html, "the raw page is kept");
}

#[test]
fn a_body_of_the_wrong_shape_names_the_json_path() {
    let body = json!({
        "id": "thing_1",
        "created_at": "2023-12-01T05:00:00.401Z",
        "parts": [{"id": "p1", "count": 1}, {"id": "p2", "count": "many"}]
    });
    let err = error_for(Reply::json(200, &body));
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path, "parts[1].count");
    assert!(
        decode.message.contains("invalid type"),
        "{}",
        decode.message
    );
    assert_eq!(decode.snippet, body.to_string());
    let shown = err.to_string();
    assert!(
        shown.contains("parts[1].count") && shown.contains("\"many\""),
        "{shown}"
    );

    let err = error_for(Reply::json(
        200,
        &json!({"id": "thing_1", "created_at": "soon", "parts": []}),
    ));
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path, "created_at");
    assert!(decode.message.contains("soon"), "{}", decode.message);

    let err = error_for(Reply::json(200, &json!({"id": "thing_1", "parts": []})));
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert!(
        decode.message.contains("missing field `created_at`"),
        "{}",
        decode.message
    );
}

#[test]
fn a_decode_snippet_is_bounded() {
    let padding = "x".repeat(100_000);
    let err = error_for(Reply::json(200, &json!({"id": 5, "padding": padding})));
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path, "id");
    assert!(decode.snippet.len() <= 256 + '…'.len_utf8() && decode.snippet.ends_with('…'));
    assert!(err.to_string().len() < 1024, "the message stays short");
}

#[test]
fn an_html_or_empty_success_body_is_a_decode_error() {
    let err = error_for(Reply::raw(
        200,
        "text/html",
        "<html><body>Welcome</body></html>",
    ));
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert_eq!(decode.path, ".");
    assert!(decode.snippet.starts_with("<html>"));

    let err = error_for(Reply::raw(200, "application/json", ""));
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}")
    };
    assert!(decode.message.contains("empty"), "{}", decode.message);
}

#[test]
fn the_response_size_limit_is_a_typed_error() {
    let big =
        json!({"id": "thing_1", "created_at": 0, "parts": [], "padding": "x".repeat(64 * 1024)});
    for status in [200, 500] {
        let server = TestServer::replying(Reply::json(status, &big));
        // Retries allowed, so that "not retried" below is the client's choice.
        let client = server
            .client_builder()
            .max_response_bytes(16 * 1024)
            .max_retries(2)
            .build()
            .unwrap();
        match client.send(&GetThing("thing_1")) {
            Err(err @ Error::BodyTooLarge { limit: 16_384, .. }) => {
                assert!(err.to_string().contains("16384"), "{err}");
            }
            other => panic!("{status}: expected BodyTooLarge, got {other:?}"),
        }
        assert_eq!(
            server.requests().len(),
            1,
            "a too-large body is not retried"
        );
    }

    // Under the limit, the same body decodes (unknown fields are ignored).
    let server = TestServer::replying(Reply::json(200, &big));
    let client = server
        .client_builder()
        .max_response_bytes(1024 * 1024)
        .build()
        .unwrap();
    assert_eq!(client.send(&GetThing("thing_1")).unwrap().id, "thing_1");
}

#[test]
fn a_refused_connection_is_a_transport_error_with_its_cause() {
    let port = whop_tests::closed_port();
    let client = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.send(&GetThing("thing_1")).unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "GetThing (GET /things/{id}): the connection was refused"
    );
    assert!(
        err.source().is_some(),
        "the transport's report is the source"
    );
    assert_no_key(&err);

    // With the default retries, a refused connection is tried again (nothing reached a server),
    // then given up on: three attempts.
    let client = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = bounded(Duration::from_secs(60), move || {
        client.send(&GetThing("thing_1"))
    })
    .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 3, .. }),
        "{err:?}"
    );
    assert_no_key(&err);
}

#[test]
fn errors_are_thread_safe_std_errors() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
    assert_error::<ApiError>();
    assert_error::<whop_core::DecodeError>();

    // `?` into a boxed error works and keeps the message.
    fn call(server: &TestServer) -> Result<Thing, Box<dyn std::error::Error + Send + Sync>> {
        Ok(server.client().send(&GetThing("thing_1"))?)
    }
    let server = TestServer::replying(Reply::json(
        404,
        &json!({"error": {"type": "not_found", "message": "Gone"}}),
    ));
    let boxed = call(&server).unwrap_err();
    assert_eq!(
        boxed.to_string(),
        "GetThing (GET /things/{id}): 404 Not Found: Gone (not_found)"
    );
    let err = boxed.downcast::<Error>().unwrap();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(
        Error::InvalidRequest {
            call: None,
            message: String::new()
        }
        .as_api()
        .is_none()
    );
}

// --- Messages that name the call ---------------------------------------------------------------

/// One error of each kind a call can end with, each from a real exchange on loopback (or, for
/// the invalid request, from one that was refused before sending): `(kind, error)`.
fn one_error_of_each_kind(
    send: fn(&Client, &str) -> Result<(), Error>,
) -> Vec<(&'static str, Error)> {
    let mut errors = Vec::new();

    let not_found = json!({"error": {"type": "not_found", "message": "Resource not found"}});
    let server = TestServer::replying(Reply::json(404, &not_found).header("x-request-id", "req_1"));
    errors.push(("api", send(&server.client(), "id_1").unwrap_err()));

    let slow = FaultServer::start(vec![Fault::SlowHead {
        reply: Reply::json(200, &json!({})),
        delay: Duration::from_secs(10),
    }]);
    let client = slow
        .client_builder()
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    errors.push((
        "timeout",
        bounded(Duration::from_secs(30), move || {
            send(&client, "id_1").unwrap_err()
        }),
    ));

    let client = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(format!("http://127.0.0.1:{}", whop_tests::closed_port()))
        .max_retries(1)
        .build()
        .unwrap();
    errors.push(("transport", send(&client, "id_1").unwrap_err()));

    let server = TestServer::replying(Reply::json(200, &json!({"id": 5})));
    errors.push(("decode", send(&server.client(), "id_1").unwrap_err()));

    let server = TestServer::replying(Reply::json(200, &json!({})));
    errors.push(("invalid request", send(&server.client(), "").unwrap_err()));
    assert!(server.requests().is_empty(), "nothing was sent");
    errors
}

/// Checks the messages of [`one_error_of_each_kind`] for the call `expected`.
fn assert_messages_name(expected: &Call, errors: &[(&str, Error)]) {
    let prefix = expected.to_string();
    for (kind, err) in errors {
        assert_eq!(err.call(), Some(expected), "{kind}: {err:?}");
        assert_no_key(err);
        let text = err.to_string();
        let rest = text
            .strip_prefix(&format!("{prefix}: "))
            .unwrap_or_else(|| panic!("{kind}: {text:?} does not start with {prefix:?}"));
        let expected_rest = match *kind {
            "api" => "404 Not Found: Resource not found (not_found, request id req_1)",
            "timeout" => "the request timed out",
            "transport" => "the connection was refused (after 2 attempts)",
            "invalid request" => "invalid request: path parameter `id` is empty",
            _ => {
                assert!(
                    rest.starts_with("could not decode the response at `id`: invalid type"),
                    "{kind}: {text}"
                );
                continue;
            }
        };
        assert_eq!(rest, expected_rest, "{kind}");
        assert_chain_says_each_thing_once(err);
    }
    let kinds: Vec<&str> = errors.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(
        kinds,
        ["api", "timeout", "transport", "decode", "invalid request"]
    );
}

#[test]
fn every_error_of_a_generated_endpoint_names_its_call() {
    fn send(client: &Client, id: &str) -> Result<(), Error> {
        UpdateProduct::new(id).send(client).map(drop)
    }
    let call = Call::of::<UpdateProduct>();
    assert_eq!(
        (call.name(), call.method(), call.path()),
        ("UpdateProduct", Method::Patch, "/products/{id}")
    );
    assert_eq!(call.to_string(), "UpdateProduct (PATCH /products/{id})");
    let errors = one_error_of_each_kind(send);
    assert_eq!(
        errors[0].1.to_string(),
        "UpdateProduct (PATCH /products/{id}): 404 Not Found: Resource not found (not_found, \
         request id req_1)"
    );
    assert_messages_name(call, &errors);
}

#[test]
fn every_error_of_a_hand_written_endpoint_names_its_call() {
    fn send(client: &Client, id: &str) -> Result<(), Error> {
        client.send(&GetThing(id.to_owned().leak())).map(drop)
    }
    let call = Call::of::<GetThing>();
    assert_eq!(call.to_string(), "GetThing (GET /things/{id})");
    let errors = one_error_of_each_kind(send);
    assert_messages_name(call, &errors);

    // `send_with_response` names the call the same way.
    let server = TestServer::replying(Reply::json(409, &json!({"error": {"message": "busy"}})));
    let err = server
        .client()
        .send_with_response(&GetThing("thing_1"), &whop_core::RequestOptions::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetThing (GET /things/{id}): 409 Conflict: busy (conflict)"
    );
}

#[test]
fn a_configuration_error_names_no_call() {
    let err = Client::builder().build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert_eq!(err.call(), None);
    assert!(
        err.to_string()
            .starts_with("invalid configuration: no API key"),
        "{err}"
    );
}

#[test]
fn an_error_is_at_most_64_bytes() {
    let size = std::mem::size_of::<Error>();
    eprintln!(
        "Error: {size} bytes; ApiError: {} bytes (boxed)",
        std::mem::size_of::<ApiError>()
    );
    assert!(size <= 64, "whop_core::Error is {size} bytes");
    assert!(std::mem::size_of::<Result<(), Error>>() <= 64);
}

#[test]
fn no_source_repeats_what_an_error_above_it_says() {
    let mut errors =
        one_error_of_each_kind(|client, id| UpdateProduct::new(id).send(client).map(drop));
    // A body over the limit, and failed steps of an upload wrapping a call's error.
    let server = TestServer::replying(Reply::json(200, &json!({"padding": "x".repeat(4096)})));
    let client = server
        .client_builder()
        .max_response_bytes(1024)
        .build()
        .unwrap();
    errors.push(("too large", client.send(&GetThing("thing_1")).unwrap_err()));
    let client = Client::builder()
        .api_key(TEST_API_KEY)
        .base_url(format!("http://127.0.0.1:{}", whop_tests::closed_port()))
        .max_retries(0)
        .build()
        .unwrap();
    let refused = client.send(&GetThing("thing_1")).unwrap_err();
    errors.push((
        "upload",
        UploadError::Put {
            file_id: "file_1".to_owned(),
            source: Box::new(refused),
        }
        .into(),
    ));

    let mut with_cause = 0;
    for (kind, err) in &errors {
        let chain = assert_chain_says_each_thing_once(err);
        eprintln!("{kind}: {chain:#?}");
        if chain.len() > 1 {
            with_cause += 1;
        }
    }
    // Timeouts and connection failures keep what the transport reported as their source.
    assert!(with_cause >= 3, "{with_cause} errors have a source");
    let (_, upload) = errors.last().unwrap();
    let chain = error_chain(upload);
    assert!(
        chain[0].starts_with(
            "upload step 2 of 3 (sending the bytes of file_1 to the upload URL) failed: \
             GetThing (GET /things/{id}): the connection was refused"
        ),
        "{chain:?}"
    );
    assert!(
        chain.len() == 2,
        "the step goes on with the call's cause: {chain:?}"
    );
}

// --- The headers of an error answer ------------------------------------------------------------

/// `ApiError::headers`: the headers of a non-2xx answer reach the caller, e.g. rate-limit headers
/// or a mock server's `sl-violations`.
#[test]
fn an_api_error_carries_the_response_headers() {
    let api = api_error(
        Reply::json(
            422,
            &json!({"error": {"type": "invalid", "message": "bad"}}),
        )
        .header("sl-violations", r#"[{"message":"first must be integer"}]"#)
        .header("X-RateLimit-Remaining", "41")
        .header("x-request-id", "req_7"),
    );
    assert_eq!(api.status, 422);
    assert_eq!(
        api.headers
            .get("sl-violations")
            .and_then(|v| v.to_str().ok()),
        Some(r#"[{"message":"first must be integer"}]"#)
    );
    // Header names are case-insensitive.
    assert_eq!(
        api.headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("41")
    );
    assert_eq!(api.request_id.as_deref(), Some("req_7"));
}
