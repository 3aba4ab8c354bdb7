use whop_core::endpoint;

const READ: &str = "thing:read";

/// Get a thing.
#[endpoint(GET "/things/<id>", scopes = [READ], response = ())]
pub struct GetThing {
    pub id: String,
}

fn main() {}
