//! Reading the shard files of `fokus merge`, each checked on its own by
//! [`crate::run::shard::parse_shard`]; [`crate::run::shard::merge`] puts them together.

use crate::io::text::read_text;
use crate::run::shard::{ShardFile, parse_shard};
use std::path::PathBuf;

/// Read and check every shard file, in the order given: `(the file as named in errors,
/// its content)`.
pub fn read_shards(paths: &[PathBuf]) -> crate::Result<Vec<(String, ShardFile)>> {
    paths
        .iter()
        .map(|path| {
            let shown = path.display().to_string();
            let part = parse_shard(&read_text(path)?, &shown)?;
            Ok((shown, part))
        })
        .collect()
}
