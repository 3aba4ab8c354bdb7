// Every variant of a tagged union, named, is still not exhaustive: a kind this version does not
// know (kept with its JSON) and kinds a later version adds need a wildcard arm.
use whop_endpoints::payment_methods::PaymentMethod;

fn kind(method: &PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::BasePaymentMethod(_) => "base",
        PaymentMethod::CardPaymentMethod(_) => "card",
        PaymentMethod::UsBankAccountPaymentMethod(_) => "us bank account",
        PaymentMethod::CashappPaymentMethod(_) => "cash app",
        PaymentMethod::IdealPaymentMethod(_) => "ideal",
        PaymentMethod::SepaDebitPaymentMethod(_) => "sepa debit",
    }
}

fn main() {
    let method: PaymentMethod = serde_json::from_str(r#"{"typename": "x"}"#).unwrap();
    let _ = kind(&method);
}
