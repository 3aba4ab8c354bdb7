//! Two required fields of the same kind (here two ids): `new` takes them by name, so a call that
//! passes them by position, in whichever order, does not compile.

use whop_core::endpoint;

/// Move money between two accounts.
#[endpoint(POST "/transfers", scopes = ["payout:transfer_funds"], response = ())]
pub struct CreateTransfer {
    /// The amount.
    pub amount: f64,
    /// The account the money comes from.
    pub origin_id: String,
    /// The account the money goes to.
    pub destination_id: String,
}

fn main() {
    let _swapped = CreateTransfer::new(25.0, "biz_to", "biz_from");
}
