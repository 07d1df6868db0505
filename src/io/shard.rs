//! Reading the shard files of `fokus merge`, each checked on its own by
//! [`crate::run::shard::parse_shard`]; [`crate::run::shard::merge`] puts them together.

use crate::io::text::read_shard_text;
use crate::run::shard::{Shard, parse_shard};
use std::path::PathBuf;

/// Read and check every shard file, in the order given.
pub fn read_shards(paths: &[PathBuf]) -> crate::Result<Vec<Shard>> {
    paths
        .iter()
        .map(|path| parse_shard(&read_shard_text(path)?, &path.display().to_string()))
        .collect()
}
