use whop_core::endpoint;

/// Get the current user.
#[endpoint(GET "/me", scopes = [], response = ())]
pub struct GetMe;

fn main() {}
