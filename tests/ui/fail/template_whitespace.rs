use whop_core::endpoint;

/// List things.
#[endpoint(GET "/things /all", scopes = [], response = ())]
pub struct ListThings {
    pub after: Option<String>,
}

fn main() {}
