// A model a response returns cannot be built with a struct literal: a later version may add a
// member, which would break every literal.
use whop_endpoints::payout_accounts::Verification;
use whop_endpoints::payout_accounts::VerificationStatus;

fn main() {
    let _ = Verification {
        id: "verf_1".to_owned(),
        status: VerificationStatus::from("verified"),
        last_error_code: None,
        last_error_reason: None,
    };
}
