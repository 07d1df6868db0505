//! `fokus merge`'s shard reader and the merge itself. The bytes are one shard file, or
//! two split at the first NUL byte, merged together. Each file is read as it is and
//! resealed — its checksum and scenario hash recomputed, as a buggy or hostile writer
//! would — so the checks behind the checksum are reached too.
#![no_main]
use fokus::run::shard::{Shard, ShardFile, checksum, merge, parse_shard};
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

fn resealed(text: &str) -> Option<String> {
    let mut file: ShardFile = serde_json::from_str(text).ok()?;
    file.scenario_sha256 = Sha256::digest(file.scenario_json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    file.checksum = checksum(&file);
    serde_json::to_string(&file).ok()
}

fn read(bytes: &[u8], name: &str) -> Option<Shard> {
    let text = fokus::io::text::text_from_bytes(bytes.to_vec(), name).ok()?;
    let as_is = parse_shard(&text, name).ok();
    as_is.or_else(|| parse_shard(&resealed(&text)?, name).ok())
}

fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let Some(a) = read(a, "a.json") else { return };
    let _ = merge(std::slice::from_ref(&a));
    if let Some(b) = b.and_then(|b| read(b, "b.json")) {
        let _ = merge(&[a, b]);
    }
});
