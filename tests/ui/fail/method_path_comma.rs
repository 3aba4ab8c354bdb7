use whop_core::endpoint;

/// Get a thing.
#[endpoint(GET, "/things/<id>", scopes = [], response = ())]
pub struct GetThing {
    pub id: String,
}

fn main() {}
