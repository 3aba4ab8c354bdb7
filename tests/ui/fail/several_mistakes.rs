use whop_core::endpoint;

/// Update a thing.
#[endpoint(patch "/things/<id>/<>", scopes = ["thing:write", 42], response = ())]
pub struct UpdateThing {
    #[query]
    pub id: Option<String>,
    #[serde(flatten)]
    pub rest: Option<String>,
}

fn main() {}
