//! The scenario parser and validation: any bytes are refused with a message or give a
//! valid scenario.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = fokus::io::text::text_from_bytes(data.to_vec(), "fuzz.json") {
        let _ = fokus::scenario::load::from_json_str(&text, "fuzz.json");
    }
});
