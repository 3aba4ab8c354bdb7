use whop_core::{Page, endpoint};

#[derive(serde::Serialize)]
pub struct Cursor;

/// List things.
#[endpoint(GET "/things", scopes = [], response = Page<()>)]
pub struct ListThings {
    /// The cursor, of a type that cannot hold a `String`.
    pub after: Cursor,
}

fn main() {}
