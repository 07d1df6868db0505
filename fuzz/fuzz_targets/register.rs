//! The register CSV reader (text entry point, after the UTF-8 check).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = fokus::io::text::text_from_bytes(data.to_vec(), "fuzz.csv") {
        let _ = fokus::measure::register::parse_register(&text, "fuzz.csv");
    }
});
