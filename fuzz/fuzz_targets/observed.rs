//! The observed-share CSV parsers: `requirement --observed` and `calibrate --observed`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = fokus::io::text::text_from_bytes(data.to_vec(), "fuzz.csv") {
        let _ = fokus::scenario::observed::parse_observed(&text, "fuzz.csv");
        let _ = fokus::scenario::observed::parse_observed_csv(&text, "fuzz.csv");
    }
});
