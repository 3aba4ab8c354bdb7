use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET "/things/<id>", scopes = ["thing:read"], response = (), scopes = [])]
pub struct GetThing {
    pub id: String,
}

fn main() {}
