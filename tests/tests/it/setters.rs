//! The setters `#[endpoint]` generates send exactly what setting the fields sends: each request
//! is built both ways and sent to a loopback server, and the two arrive byte for byte the same
//! (method, target, headers, body) — and as the spec's wire form expects.

use whop_tests::spec::Spec;

use serde_json::Value;
use whop_core::{Client, Endpoint, Nullable, Timestamp, endpoint};
use whop_endpoints::products::{
    AccessPassOrder, AccessPassType, ListProduct, UpdateProduct, Visibility,
};
use whop_endpoints::transfers::{CreateTransfer, CreateTransferRequired};
use whop_tests::{RecordedRequest, Reply, TestServer};

/// A POST declared here: a `#[query]` field, an `Option` and a `Nullable` body member.
#[endpoint(POST "/notes/<folder_id>", scopes = ["note:create"], response = Value)]
#[derive(Debug, Clone)]
struct CreateNote {
    folder_id: String,
    #[query]
    dry_run: Option<bool>,
    #[serde(rename = "text")]
    body: Option<String>,
    title: Nullable<String>,
}

/// Sends `by_fields` and then `by_setters` to one server answering `reply`; returns both requests
/// as they arrived, with the one header whose value differs by design (a fresh
/// `Idempotency-Key` per call, on the methods that carry one) replaced by a marker.
fn both<E: Endpoint>(
    reply: Value,
    by_fields: &E,
    by_setters: &E,
) -> (RecordedRequest, RecordedRequest) {
    let server = TestServer::replying(Reply::json(200, &reply));
    let client: Client = server.client();
    client.send(by_fields).unwrap();
    client.send(by_setters).unwrap();
    let mut requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    for request in &mut requests {
        request.connection = 0;
        for (name, value) in &mut request.headers {
            if name == "idempotency-key" {
                assert!(!value.is_empty(), "{request:?}");
                *value = "(a key of its own)".to_owned();
            }
        }
    }
    let by_setters = requests.pop().unwrap();
    let by_fields = requests.pop().unwrap();
    (by_fields, by_setters)
}

#[test]
fn nullable_setters_send_a_value_or_null_like_the_fields() {
    let reply = Spec::load().response_example("updateProduct", "200");
    let mut by_fields = UpdateProduct::new("prod_1");
    by_fields.title = Nullable::Value("New".to_owned());
    by_fields.custom_cta_url = Nullable::Null;
    by_fields.global_affiliate_percentage = Nullable::Value(12.5);
    by_fields.visibility = Nullable::Value(Visibility::Hidden);
    // In another order: the body follows the declaration, not the calls.
    let by_setters = UpdateProduct::new("prod_1")
        .visibility(Visibility::Hidden)
        .custom_cta_url(Nullable::Null)
        .global_affiliate_percentage(12.5)
        .title("New");

    let (fields, setters) = both(reply, &by_fields, &by_setters);
    assert_eq!(fields, setters);
    assert_eq!(
        (fields.method.as_str(), fields.target.as_str()),
        ("PATCH", "/products/prod_1")
    );
    assert_eq!(
        String::from_utf8_lossy(&setters.body),
        r#"{"custom_cta_url":null,"global_affiliate_percentage":12.5,"title":"New","visibility":"hidden"}"#
    );
}

#[test]
fn a_later_setter_call_replaces_the_value() {
    let reply = Spec::load().response_example("updateProduct", "200");
    let mut by_fields = UpdateProduct::new("prod_1");
    by_fields.headline = Nullable::Null;
    by_fields.route = Nullable::Value("pro".to_owned());
    let by_setters = UpdateProduct::new("prod_1")
        .headline("first")
        .headline(Nullable::Null)
        .route(Nullable::Null)
        .route(String::from("pro"));

    let (fields, setters) = both(reply, &by_fields, &by_setters);
    assert_eq!(fields, setters);
    assert_eq!(
        String::from_utf8_lossy(&setters.body),
        r#"{"headline":null,"route":"pro"}"#
    );
}

#[test]
fn option_setters_on_query_parameters_send_what_the_fields_send() {
    let reply = Spec::load().response_example("listProduct", "200");
    let created_before = Timestamp::from_unix_seconds(1_700_000_000).unwrap();
    let mut by_fields = ListProduct::new("biz_1");
    by_fields.first = Some(10);
    by_fields.order = Some(AccessPassOrder::CreatedAt);
    by_fields.product_types = Some(vec![AccessPassType::Regular, AccessPassType::App]);
    by_fields.created_before = Some(created_before);
    by_fields.after = Some("cursor 1".to_owned());
    let by_setters = ListProduct::new("biz_1")
        .first(10)
        .order(AccessPassOrder::CreatedAt)
        .product_types(vec![AccessPassType::Regular, AccessPassType::App])
        .created_before(created_before)
        .after("cursor 1");

    let (fields, setters) = both(reply, &by_fields, &by_setters);
    assert_eq!(fields, setters);
    assert_eq!(setters.method, "GET");
    assert_eq!(setters.path(), "/products");
    assert_eq!(
        setters.query(),
        Some(
            "after=cursor%201&first=10&company_id=biz_1&product_types%5B%5D=regular\
             &product_types%5B%5D=app&order=created_at&created_before=2023-11-14T22%3A13%3A20Z"
        )
    );
    assert!(setters.body.is_empty());
}

#[test]
fn setters_of_a_hand_written_endpoint_fill_query_and_body() {
    let reply = serde_json::json!({"id": "note_1"});
    let mut by_fields = CreateNote::new("fold/1");
    by_fields.dry_run = Some(true);
    by_fields.body = Some("hello".to_owned());
    by_fields.title = Nullable::Null;
    let by_setters = CreateNote::new("fold/1")
        .title(Nullable::Null)
        .body("hello")
        .dry_run(true);

    let (fields, setters) = both(reply, &by_fields, &by_setters);
    assert_eq!(fields, setters);
    assert_eq!(
        (setters.method.as_str(), setters.target.as_str()),
        ("POST", "/notes/fold%2F1?dry_run=true")
    );
    assert_eq!(setters.body, br#"{"text":"hello","title":null}"#);
}

#[test]
fn required_fields_given_by_name_are_sent_like_the_others() {
    let reply = Spec::load().response_example("createTransfer", "200");
    let required = CreateTransferRequired {
        amount: 25.0,
        currency: whop_endpoints::transfers::Currency::Usd,
        origin_id: "biz_from".into(),
        destination_id: "biz_to".into(),
    };
    let mut by_fields = CreateTransfer::new(required.clone());
    by_fields.notes = Nullable::Value("rent".to_owned());
    let by_setters = CreateTransfer::new(required).notes("rent");

    let (fields, setters) = both(reply, &by_fields, &by_setters);
    assert_eq!(fields, setters);
    assert_eq!(
        serde_json::from_slice::<Value>(&setters.body).unwrap(),
        serde_json::json!({
            "amount": 25.0,
            "currency": "usd",
            "destination_id": "biz_to",
            "notes": "rent",
            "origin_id": "biz_from",
        })
    );
}
