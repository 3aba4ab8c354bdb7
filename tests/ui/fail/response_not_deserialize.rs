use whop_core::endpoint;

pub struct NotDecodable;

/// Get a thing.
#[endpoint(GET "/things/<id>", scopes = [], response = NotDecodable)]
pub struct GetThing {
    /// The thing.
    pub id: String,
}

fn main() {}
