//! The method file parser and validation.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = fokus::io::text::text_from_bytes(data.to_vec(), "fuzz.json")
        && let Ok(spec) = fokus::decode::json::parse_json::<fokus::measure::method::MethodSpec>(&text, "fuzz.json")
    {
        let _ = fokus::measure::method::Method::from_spec(&spec, "fuzz.json", "");
    }
});
