//! `--method NAME|FILE`: a method by preset name, else read from a JSON method file and
//! validated by [`Method::from_spec`].

use crate::decode::json::parse_json_with_lines;
use crate::error::InputError;
use crate::io::text::read_text;
use crate::measure::method::{Method, MethodSpec, PRESETS};

/// Resolve `--method NAME|FILE`: a preset name, else a JSON method file.
pub fn resolve(name_or_file: &str) -> crate::Result<Method> {
    if let Some(m) = Method::preset(name_or_file) {
        return Ok(m);
    }
    let path = std::path::Path::new(name_or_file);
    if !path.exists() {
        return Err(InputError::new(
            "--method",
            {
                let presets = PRESETS.join(", ");
                crate::text!(
                    da: "{name_or_file:?} er hverken en forudindstillet metode ({presets}) eller en metodefil, der findes",
                    en: "{name_or_file:?} is neither a preset ({presets}) nor an existing method file"
                )
            },
        )
        .into());
    }
    let text = read_text(path)?;
    let (spec, lines): (MethodSpec, _) = parse_json_with_lines(&text, name_or_file)?;
    Ok(Method::from_spec(&spec, name_or_file, "").map_err(|e| lines.place(e))?)
}
