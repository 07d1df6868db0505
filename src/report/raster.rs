//! PNG copies of the charts for slides (`--png`): the finished SVG rasterized with resvg
//! (pure Rust), so the PNG cannot drift from the SVG.
//!
//! The text is set in DejaVu Sans (regular and bold), embedded in the binary: no system
//! fonts are looked for, so a PNG looks the same on every machine. Every family the SVG
//! names (`sans-serif`) falls back to it.

use crate::error::Error;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};
use std::sync::{Arc, LazyLock};

/// The family of the embedded fonts.
const FAMILY: &str = "DejaVu Sans";

/// PNG pixels per SVG pixel: sharp on a projector.
pub const SCALE: u32 = 2;

/// DejaVu Sans, the PNG's regular face; the charts' layout measures text with it too.
pub(super) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub(super) const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The embedded fonts, loaded once.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    db.load_font_data(REGULAR.to_vec());
    db.load_font_data(BOLD.to_vec());
    db.set_sans_serif_family(FAMILY);
    db.set_serif_family(FAMILY);
    db.set_monospace_family(FAMILY);
    Arc::new(db)
});

/// The PNG of the SVG `svg` at [`SCALE`]× its size; `name` names the chart in an error.
pub fn png(name: &str, svg: &str) -> crate::Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| {
        Error::Runtime(crate::text!(
            da: "{name} kunne ikke gøres til et billede: {e}",
            en: "rasterizing {name}: {e}"
        ))
    };
    let options = usvg::Options {
        font_family: FAMILY.into(),
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| fail(&e))?;
    let size = tree.size().to_int_size();
    let (w, h) = (size.width() * SCALE, size.height() * SCALE);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| fail(&format!("empty size {w}×{h}")))?;
    let s = SCALE as f32;
    resvg::render(&tree, Transform::from_scale(s, s), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_fonts_are_the_only_ones() {
        let faces: Vec<_> = FONTS.faces().collect();
        assert_eq!(faces.len(), 2);
        assert!(faces.iter().all(|f| f.families[0].0 == FAMILY));
    }

    #[test]
    fn text_is_set_at_twice_the_size() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">
            <rect width="40" height="20" fill="#fff"/>
            <text x="2" y="16" font-family="sans-serif" font-size="16" font-weight="bold">Æg</text>
            </svg>"##;
        let png = png("test", svg).unwrap();
        let pixmap = Pixmap::decode_png(&png).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (80, 40));
        let dark = pixmap.pixels().iter().filter(|p| p.red() < 100).count();
        assert!(dark > 50, "{dark} dark pixels");
    }
}
