//! Endpoints declared here, outside the crate, with `#[endpoint]`: a few lines each, sent over
//! real HTTP and decoded, including query arrays, objects and cursor pagination. `EditNote` is the
//! shortest form: an attribute and a struct.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};
use whop_core::http::StatusCode;
use whop_core::{Endpoint, Error, Method, Nullable, Page, RequestOptions, endpoint};
use whop_tests::{RecordedRequest, Reply, TestServer};

/// A response model of this file's made-up endpoints.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Note {
    id: String,
    text: String,
}

// A whole endpoint in five lines.
#[endpoint(PATCH "/notes/<id>", scopes = ["note:update"], response = Note)]
struct EditNote {
    id: String,
    text: Nullable<String>,
}

/// Rename a note, with a query parameter next to the body.
#[endpoint(PATCH "/notes/<id>/title", scopes = ["note:update"], response = Note)]
struct RetitleNote {
    id: String,
    title: String,
    #[query]
    dry_run: Option<bool>,
}

/// Find notes by id and tag.
#[endpoint(GET "/notes", scopes = ["note:read"], response = Vec<Note>)]
struct FindNotes {
    ids: Vec<String>,
    tag: Option<String>,
    filters: Option<BTreeMap<String, String>>,
}

/// List notes page by page.
#[endpoint(GET "/notebook", scopes = ["note:read"], response = Page<Note>)]
struct ListNotes {
    after: Option<String>,
    first: Option<u32>,
}

/// Create a note in a folder: two path placeholders, a renamed body member.
#[endpoint(POST "/folders/<folder_id>/notes/<id>", scopes = ["note:create"], response = Note)]
#[derive(Debug, Clone)]
struct CreateNote {
    folder_id: String,
    id: u64,
    #[serde(rename = "type")]
    kind: Option<String>,
    labels: Vec<String>,
}

/// Remove a note.
#[endpoint(DELETE "/notes/<id>", scopes = ["note:delete"], response = bool)]
struct DeleteNote {
    id: String,
    hard: Option<bool>,
}

fn note(id: &str, text: &str) -> Value {
    json!({"id": id, "text": text})
}

#[test]
fn the_declaration_implements_endpoint() {
    assert_eq!(EditNote::METHOD, Method::Patch);
    assert_eq!(EditNote::PATH, "/notes/{id}");
    assert_eq!(EditNote::SCOPES, ["note:update"]);
    assert_eq!(RetitleNote::PATH, "/notes/{id}/title");
    assert_eq!(FindNotes::METHOD, Method::Get);
    assert_eq!(CreateNote::PATH, "/folders/{folder_id}/notes/{id}");
    assert_eq!(DeleteNote::METHOD, Method::Delete);
}

#[test]
fn a_patch_is_sent_and_decoded() {
    let server = TestServer::replying(Reply::json(200, &note("note_1", "hello")));
    let mut request = EditNote::new("note_1");
    request.text = "hello".to_string().into();
    let edited = request.send(&server.client()).unwrap();
    assert_eq!(
        edited,
        Note {
            id: "note_1".into(),
            text: "hello".into()
        }
    );
    let sent = server.single_request();
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("PATCH", "/notes/note_1")
    );
    assert_eq!(sent.body, br#"{"text":"hello"}"#);
    assert_eq!(sent.header("content-type"), Some("application/json"));
}

#[test]
fn a_query_parameter_goes_next_to_the_body() {
    let server = TestServer::replying(Reply::json(200, &note("note_1", "Plans")));
    // Two strings are required, so `new` takes them by name.
    let mut request = RetitleNote::new(RetitleNoteRequired {
        id: "note_1".into(),
        title: "Plans".into(),
    });
    request.send(&server.client()).unwrap();
    request.dry_run = Some(true);
    request.send(&server.client()).unwrap();
    let sent: Vec<(String, Vec<u8>)> = server
        .requests()
        .into_iter()
        .map(|r| (r.target, r.body))
        .collect();
    assert_eq!(
        sent,
        [
            (
                "/notes/note_1/title".to_string(),
                br#"{"title":"Plans"}"#.to_vec()
            ),
            (
                "/notes/note_1/title?dry_run=true".to_string(),
                br#"{"title":"Plans"}"#.to_vec()
            ),
        ]
    );
}

#[test]
fn null_and_absent_members_differ() {
    let server = TestServer::replying(Reply::json(200, &note("n", "")));
    let client = server.client();
    let mut request = EditNote::new("n");
    request.send(&client).unwrap();
    request.text = Nullable::Null;
    request.send(&client).unwrap();
    let bodies: Vec<Vec<u8>> = server.requests().into_iter().map(|r| r.body).collect();
    assert_eq!(bodies, [b"{}".to_vec(), br#"{"text":null}"#.to_vec()]);
}

#[test]
fn a_get_sends_arrays_with_bracketed_keys() {
    let server = TestServer::replying(Reply::json(200, &json!([note("a", "x"), note("b c", "y")])));
    let mut request = FindNotes::new(vec![
        "a".to_string(),
        "b c".to_string(),
        "d&e=f".to_string(),
    ]);
    request.tag = Some("to do".into());
    request.filters = Some(BTreeMap::from([("kind".to_string(), "memo".to_string())]));
    let found = request.send(&server.client()).unwrap();
    assert_eq!(found.len(), 2);
    let sent = server.single_request();
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.path(), "/notes");
    assert_eq!(
        sent.query(),
        Some("ids%5B%5D=a&ids%5B%5D=b%20c&ids%5B%5D=d%26e%3Df&tag=to%20do&filters%5Bkind%5D=memo")
    );
    assert!(
        sent.body.is_empty() && sent.header("content-type").is_none(),
        "a GET has no body"
    );
    assert_eq!(
        sent.header("content-length"),
        None,
        "a GET does not announce an empty body"
    );
}

#[test]
fn a_post_with_two_placeholders_and_a_renamed_member() {
    let server = TestServer::replying(Reply::json(201, &note("7", "x")));
    let mut request = CreateNote::new("folder/one", 7_u64, vec!["red".to_string()]);
    request.kind = Some("memo".into());
    request.send(&server.client()).unwrap();
    let sent = server.single_request();
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("POST", "/folders/folder%2Fone/notes/7")
    );
    assert_eq!(sent.json(), json!({"type": "memo", "labels": ["red"]}));
    assert!(
        sent.header("idempotency-key").is_some(),
        "a POST carries an idempotency key"
    );

    // The declared derives are kept.
    let copy = request.clone();
    assert!(format!("{copy:?}").contains("folder/one"));
}

#[test]
fn send_with_applies_per_call_options() {
    let server = TestServer::replying(Reply::json(200, &json!(true)));
    let options = RequestOptions::new().header("X-Reason", "cleanup");
    let mut request = DeleteNote::new("note_9");
    request.hard = Some(false);
    assert!(server.client().send_with(&request, &options).unwrap());
    let sent = server.single_request();
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("DELETE", "/notes/note_9?hard=false")
    );
    assert_eq!(sent.header("x-reason"), Some("cleanup"));
}

/// Serves `/notebook` as three pages keyed by the `after` cursor.
fn three_pages(request: &RecordedRequest) -> Reply {
    let (data, end, more) = match request.query() {
        None | Some("first=2") => (vec![note("n1", "a"), note("n2", "b")], Some("c1"), true),
        Some(q) if q.contains("after=c1") => {
            (vec![note("n3", "c"), note("n4", "d")], Some("c2"), true)
        }
        Some(q) if q.contains("after=c2") => (vec![note("n5", "e")], None, false),
        Some(other) => {
            return Reply::json(
                400,
                &json!({"error": {"type": "bad_request", "message": other}}),
            );
        }
    };
    Reply::json(
        200,
        &json!({"data": data, "page_info": {"end_cursor": end, "has_next_page": more}}),
    )
}

#[test]
fn items_follow_the_cursor_across_three_pages() {
    let server = TestServer::start(three_pages);
    let mut request = ListNotes::new();
    request.first = Some(2);
    let ids: Vec<String> = request
        .items(&server.client())
        .map(|note| note.unwrap().id)
        .collect();
    assert_eq!(ids, ["n1", "n2", "n3", "n4", "n5"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/notebook?first=2",
            "/notebook?after=c1&first=2",
            "/notebook?after=c2&first=2"
        ]
    );
}

#[test]
fn pages_yield_whole_pages() {
    let server = TestServer::start(three_pages);
    let pages: Vec<Page<Note>> = ListNotes::new()
        .pages(&server.client())
        .map(Result::unwrap)
        .collect();
    let sizes: Vec<usize> = pages.iter().map(|page| page.data.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert!(!pages[2].page_info.has_next_page);
}

#[test]
fn a_repeated_cursor_stops_the_iteration() {
    // A server that always claims there is more, with the same cursor.
    let server = TestServer::start(|request| {
        let id = format!("n{}", request.query().map_or(0, str::len));
        Reply::json(
            200,
            &json!({"data": [note(&id, "x")], "page_info": {"end_cursor": "same", "has_next_page": true}}),
        )
    });
    let items: Vec<Result<Note, Error>> = ListNotes::new().items(&server.client()).collect();
    assert_eq!(
        items.len(),
        2,
        "the first page, then the page after `same`; then the cursor repeats"
    );
    assert!(items.iter().all(Result::is_ok));
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/notebook", "/notebook?after=same"]);
}

#[test]
fn a_null_cursor_stops_the_iteration_even_when_more_is_claimed() {
    // `has_next_page: true` with nowhere to continue from: one page, one request, no loop.
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            &json!({"data": [note("n1", "a")], "page_info": {"end_cursor": null, "has_next_page": true}}),
        )
    });
    let items: Vec<Result<Note, Error>> = ListNotes::new().items(&server.client()).collect();
    assert_eq!(items.len(), 1);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn an_error_ends_the_iteration() {
    let server = TestServer::start(|request| match request.query() {
        None => Reply::json(
            200,
            &json!({"data": [note("n1", "a")], "page_info": {"end_cursor": "c1", "has_next_page": true}}),
        ),
        Some(_) => Reply::json(
            500,
            &json!({"error": {"type": "internal_server_error", "message": "An unexpected error occurred"}}),
        ),
    });
    let mut items = ListNotes::new().items(&server.client());
    assert_eq!(items.next().unwrap().unwrap().id, "n1");
    let err = items.next().unwrap().unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(items.next().is_none(), "nothing after the error");
    assert_eq!(server.requests().len(), 2);
}
