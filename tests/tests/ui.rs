//! Compile-time behaviour of `#[endpoint]`: accepted declarations and the errors for misuse.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
