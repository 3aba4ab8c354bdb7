use whop_core::endpoint;

/// Get a member of a company.
#[endpoint(GET "/companies/<company_id>/members/<id>", scopes = [], response = ())]
pub struct GetMember {
    pub id: String,
}

fn main() {}
