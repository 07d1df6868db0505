//! `fokus requirement --observed`: the list of monthly shares as typed, each NUL byte
//! starting another occurrence of the option.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let args: Vec<String> = text.split('\0').map(str::to_string).collect();
    if let Ok(values) = fokus::vocab::percent::parse_percent_list(&args, "--observed") {
        assert!(values.len() <= fokus::vocab::percent::MAX_MONTHS);
        assert!(values.iter().all(|v| (0.0..=100.0).contains(v)));
    }
});
