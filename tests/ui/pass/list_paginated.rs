//! A GET list: `Vec` and `Option` query parameters, a `Page<T>` response and an `after` cursor,
//! which make it `Paginated` with `pages` and `items`.

use serde::Deserialize;
use whop_core::{Client, Endpoint, Method, Page, Paginated, RequestParts, endpoint};

#[derive(Debug, Deserialize)]
pub struct Member {
    pub id: String,
}

/// List the members of a company.
#[endpoint(GET "/companies/<company_id>/members", scopes = ["member:basic:read"], response = Page<Member>)]
#[derive(Debug, Clone, Default)]
pub struct ListMembers {
    /// The company.
    pub company_id: String,
    /// Only these statuses.
    pub statuses: Vec<String>,
    /// Page size.
    pub first: Option<u32>,
    /// The cursor to continue from.
    pub after: Option<String>,
}

fn item_of<E: Paginated<Item = Member>>(_: &E) {}

fn main() {
    assert_eq!(ListMembers::METHOD, Method::Get);
    assert_eq!(ListMembers::PATH, "/companies/{company_id}/members");
    assert_eq!(ListMembers::SCOPES, ["member:basic:read"]);

    // `String` and `Vec<String>` cannot be swapped, so `new` takes them by position.
    let mut request =
        ListMembers::new("biz_1", vec!["active".to_owned(), "left".to_owned()]).first(10_u32);
    item_of(&request);

    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(parts.path_values(), ["biz_1"]);
    assert_eq!(
        parts.query_string(),
        "statuses%5B%5D=active&statuses%5B%5D=left&first=10"
    );

    request.set_after(Some("cursor_2".to_owned()));
    assert_eq!(request.after.as_deref(), Some("cursor_2"));
    let mut parts = RequestParts::new();
    request.write_request(&mut parts).unwrap();
    assert_eq!(
        parts.query_string(),
        "statuses%5B%5D=active&statuses%5B%5D=left&first=10&after=cursor_2"
    );

    // Building the iterators sends nothing; they fetch on `next`.
    let client = Client::builder()
        .api_key("test")
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let _pages = request.clone().pages(&client);
    let _items = request.items(&client);
}
