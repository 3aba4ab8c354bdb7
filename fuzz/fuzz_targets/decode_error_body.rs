//! A non-2xx answer with an arbitrary body becomes an `ApiError`, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first two bytes pick the status (100..=599), the rest is the body.
    let (status, body) = match data {
        [high, low, body @ ..] => (100 + u16::from_be_bytes([*high, *low]) % 500, body),
        _ => (500, data),
    };
    whop_core::fuzzing::decode_error_body(status, body);
});
