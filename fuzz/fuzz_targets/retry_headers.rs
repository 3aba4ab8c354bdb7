//! Arbitrary `Retry-After`, `retry-after-ms` and `x-should-retry` values never panic and never
//! ask for a wait longer than the cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    whop_core::fuzzing::retry_headers(data);
});
