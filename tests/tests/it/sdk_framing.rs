//! Requests framed as Whop's official SDKs frame them, checked on the wire: query arrays in
//! brackets, empty query strings left out, `Content-Length: 0` on a bodyless POST, and dot
//! segments refused before anything is sent.

use whop_tests::spec::Spec;

use whop_core::{Error, Timestamp};
use whop_endpoints::memberships::{ListMembership, MembershipStatus, UncancelMembership};
use whop_tests::{Reply, TestServer};

fn server_for(operation: &str) -> TestServer {
    TestServer::replying(Reply::json(
        200,
        &Spec::load().response_example(operation, "200"),
    ))
}

#[test]
fn query_arrays_use_brackets_like_the_sdks() {
    let server = server_for("listMembership");
    let client = server.client();
    let cases: [(Vec<MembershipStatus>, &str); 3] = [
        (vec![MembershipStatus::PastDue], "statuses%5B%5D=past_due"),
        (
            vec![MembershipStatus::PastDue, MembershipStatus::Canceled],
            "statuses%5B%5D=past_due&statuses%5B%5D=canceled",
        ),
        // An empty array sends no key at all.
        (vec![], ""),
    ];
    for (statuses, query) in cases {
        let mut request = ListMembership::new();
        request.statuses = Some(statuses.clone());
        request.send(&client).expect("the list call");
        let sent = server.requests().pop().unwrap();
        assert_eq!(sent.method, "GET");
        assert_eq!(sent.query().unwrap_or(""), query, "for {statuses:?}");
        assert_eq!(sent.header("content-length"), None);
        assert_eq!(sent.header("transfer-encoding"), None);
        assert!(sent.body.is_empty());
    }
}

#[test]
fn several_query_parameters_keep_their_order_and_forms() {
    let server = server_for("listMembership");
    let client = server.client();
    let mut request = ListMembership::new();
    request.company_id = Some("biz_1".into());
    request.first = Some(10);
    request.product_ids = Some(vec!["prod_1".into(), "prod 2".into()]);
    request.created_after = Some(Timestamp::from_unix_seconds(1_700_000_000).unwrap());
    request.send(&client).unwrap();
    let sent = server.single_request();
    assert_eq!(
        sent.target,
        "/memberships?first=10&company_id=biz_1&product_ids%5B%5D=prod_1&product_ids%5B%5D=prod%202\
         &created_after=2023-11-14T22%3A13%3A20Z"
    );
}

#[test]
fn empty_query_strings_are_left_out() {
    let server = server_for("listMembership");
    let client = server.client();
    let mut request = ListMembership::new();
    request.after = Some(String::new());
    request.company_id = Some(String::new());
    request.first = Some(5);
    request.send(&client).unwrap();
    assert_eq!(server.single_request().target, "/memberships?first=5");
}

#[test]
fn a_bodyless_post_states_a_zero_length() {
    let server = server_for("uncancelMembership");
    let client = server.client();
    UncancelMembership::new("mem_1").send(&client).unwrap();
    let sent = server.single_request();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/memberships/mem_1/uncancel");
    assert_eq!(sent.header("content-length"), Some("0"));
    assert_eq!(sent.header("transfer-encoding"), None);
    assert_eq!(sent.header("content-type"), None);
    assert!(sent.body.is_empty());
}

#[test]
fn dot_segments_are_refused_before_sending() {
    let server = server_for("uncancelMembership");
    let client = server.client();
    for id in [".", ".."] {
        match UncancelMembership::new(id).send(&client) {
            Err(Error::InvalidRequest { message, .. }) => {
                assert!(message.contains("`id`"), "{message}");
                assert!(message.contains(&format!("{id:?}")), "{message}");
            }
            other => panic!("{id:?}: expected InvalidRequest, got {other:?}"),
        }
    }
    // Values that merely contain dots, or spell a dot encoded, are ordinary ids.
    for (id, segment) in [("...", "..."), ("a..b", "a..b"), ("%2E%2E", "%252E%252E")] {
        UncancelMembership::new(id).send(&client).unwrap();
        let sent = server.requests().pop().unwrap();
        assert_eq!(sent.target, format!("/memberships/{segment}/uncancel"));
    }
    assert_eq!(server.requests().len(), 3);
}
