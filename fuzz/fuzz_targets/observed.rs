//! The small CSV tables: observed shares (`requirement --observed`, `calibrate
//! --observed`) and `fokus init`'s group sizes, all read through `decode::csv::Table`.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = fokus::io::text::text_from_bytes(data.to_vec(), "fuzz.csv") {
        let _ = fokus::scenario::observed::parse_observed(&text, "fuzz.csv");
        let _ = fokus::scenario::observed::parse_observed_csv(&text, "fuzz.csv");
        let _ = fokus::analyses::init::parse_group_sizes(&text, "fuzz.csv");
    }
});
