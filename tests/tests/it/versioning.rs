//! The dated API version (`Api-Version-Date`), the app id header, and the status and headers of a
//! successful answer, over HTTP on loopback.

use serde_json::{Value, json};
use whop_core::http::StatusCode;
use whop_core::{API_VERSION, Error, RequestOptions, Response};
use whop_tests::{Ping, Reply, TestServer};

fn ok_server() -> TestServer {
    TestServer::replying(Reply::json(200, &json!({"ok": true})))
}

#[test]
fn every_request_pins_the_version_the_models_describe() {
    assert_eq!(API_VERSION, "2025-01-01");
    let server = ok_server();
    server.client().send(&Ping).unwrap();
    let sent = server.single_request();
    assert_eq!(sent.header("api-version-date"), Some(API_VERSION));
    assert_eq!(sent.header("x-whop-app-id"), None);
}

#[test]
fn the_version_can_be_moved_per_client_and_per_call() {
    let server = ok_server();
    let client = server
        .client_builder()
        .api_version("2026-06-09")
        .build()
        .unwrap();
    client.send(&Ping).unwrap();
    client
        .send_with(&Ping, &RequestOptions::new().api_version("2026-07-01"))
        .unwrap();
    client.send(&Ping).unwrap();
    let versions: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("api-version-date").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(versions, ["2026-06-09", "2026-07-01", "2026-06-09"]);
}

#[test]
fn a_version_that_is_not_a_date_is_refused_before_sending() {
    let server = ok_server();
    for bad in ["latest", "2026-13-01", "2026-6-9", "20260609", ""] {
        match server.client_builder().api_version(bad).build() {
            Err(Error::Config { message }) => assert!(message.contains("not a date"), "{message}"),
            other => panic!("{bad:?}: expected a configuration error, got {other:?}"),
        }
        match server
            .client()
            .send_with(&Ping, &RequestOptions::new().api_version(bad))
        {
            Err(Error::InvalidRequest { message, .. }) => {
                assert!(message.contains("not a date"), "{message}")
            }
            other => panic!("{bad:?}: expected an invalid request, got {other:?}"),
        }
    }
    assert!(server.requests().is_empty());
}

#[test]
fn an_unsupported_version_is_named_in_the_error() {
    let server = TestServer::replying(Reply::json(
        400,
        &json!({"error": {
            "type": "invalid_request_error",
            "message": "Unsupported Api-Version-Date. Supported versions: 2025-01-01, 2026-06-08, 2026-06-09, 2026-06-20, 2026-07-01"
        }}),
    ));
    let client = server
        .client_builder()
        .api_version("2030-01-01")
        .build()
        .unwrap();
    let err = client.send(&Ping).unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 400);
    assert!(
        api.message
            .starts_with("the API version 2030-01-01 (Api-Version-Date) is not supported: "),
        "{}",
        api.message
    );
    assert!(api.message.contains("Supported versions: 2025-01-01"));
    assert!(err.to_string().contains("2030-01-01"), "{err}");
}

#[test]
fn other_400s_keep_their_message() {
    let server = TestServer::replying(Reply::json(
        400,
        &json!({"error": {"type": "invalid_request_error", "message": "Missing required parameter: company_id"}}),
    ));
    let err = server.client().send(&Ping).unwrap_err();
    assert_eq!(
        err.as_api().unwrap().message,
        "Missing required parameter: company_id"
    );
}

#[test]
fn the_app_id_goes_in_its_header() {
    let server = ok_server();
    let client = server.client_builder().app_id("app_123").build().unwrap();
    client.send(&Ping).unwrap();
    assert_eq!(
        server.single_request().header("x-whop-app-id"),
        Some("app_123")
    );
    match server.client_builder().app_id("app\n1").build() {
        Err(Error::Config { message }) => assert!(message.contains("X-Whop-App-Id"), "{message}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn a_success_can_come_with_its_status_and_headers() {
    let server = TestServer::replying(
        Reply::json(201, &json!({"id": "prod_1"}))
            .header("x-request-id", "req_abc")
            .header("x-ratelimit-remaining", "599"),
    );
    let response: Response<Value> = server
        .client()
        .send_with_response(&Ping, &RequestOptions::new())
        .unwrap();
    assert_eq!(response.status, StatusCode::CREATED);
    assert_eq!(response.request_id.as_deref(), Some("req_abc"));
    assert_eq!(
        response.headers.get("x-ratelimit-remaining").unwrap(),
        "599"
    );
    assert_eq!(response.value, json!({"id": "prod_1"}));
    assert_eq!(response.into_value()["id"], "prod_1");
}

#[test]
fn a_success_without_a_request_id_has_none() {
    let server = ok_server();
    let response = server
        .client()
        .send_with_response(&Ping, &RequestOptions::new())
        .unwrap();
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.request_id, None);
}
