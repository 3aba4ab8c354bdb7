use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET "/things/<id>", scopes = ["thing:read"])]
pub struct GetThing {
    pub id: String,
}

fn main() {}
