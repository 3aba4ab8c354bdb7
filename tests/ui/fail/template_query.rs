use whop_core::endpoint;

/// List things.
#[endpoint(GET "/things?first=10", scopes = [], response = ())]
pub struct ListThings {
    pub after: Option<String>,
}

fn main() {}
