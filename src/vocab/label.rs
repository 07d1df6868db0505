//! Text a person gave that fokus shows again: names (of the scenario, the municipality,
//! a method), descriptions, sources, notes and sensitivity labels. They reach terminal
//! tables, SVG charts, PNGs and HTML pages, so each is plain text that can be shown:
//! a character that XML cannot hold (a control character) makes an invalid SVG, a
//! line break or a bidirectional override garbles a table or a page. A [`Label`] is
//! checked where it is read, with the JSON path of the bad text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Plain text that can be shown in every output: no control characters (tab and line
/// breaks included), no line or paragraph separators, no bidirectional formatting
/// characters and no Unicode noncharacters.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Label(String);

impl Label {
    /// `text` as a label, or what is wrong with it.
    pub fn new(text: impl Into<String>) -> Result<Label, crate::error::Message> {
        let text = text.into();
        match text.chars().enumerate().find(|(_, c)| !shown(*c)) {
            None => Ok(Label(text)),
            Some((i, c)) => {
                let (code, at) = (format!("U+{:04X}", u32::from(c)), i + 1);
                let (kind_da, kind_en) = kind(c);
                Err(crate::text!(
                    da: "indeholder tegnet {code} ({kind_da}) som tegn nr. {at}: navne og tekster skal være ren tekst, som et diagram, en side og en tabel kan vise (ingen kontroltegn, tabulatorer eller linjeskift)",
                    en: "contains the character {code} ({kind_en}) at character {at}: names and texts must be plain text that a chart, a page and a table can show (no control characters, tabs or line breaks)"
                ))
            }
        }
    }

    /// Text that fokus composes around something it did not choose (a file name): each
    /// character that cannot be shown becomes U+FFFD.
    pub fn lossy(text: &str) -> Label {
        Label(
            text.chars()
                .map(|c| if shown(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Whether `c` may stand in a label.
fn shown(c: char) -> bool {
    !(c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || is_bidi_control(c)
        || is_noncharacter(c))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_noncharacter(c: char) -> bool {
    let c = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&c) || c & 0xFFFE == 0xFFFE
}

/// What kind of character `c` is, in Danish and in English.
fn kind(c: char) -> (&'static str, &'static str) {
    if c.is_control() {
        ("et kontroltegn", "a control character")
    } else if is_bidi_control(c) {
        (
            "et tegn for tekstretning",
            "a bidirectional formatting character",
        )
    } else if is_noncharacter(c) {
        ("et Unicode-ikketegn", "a Unicode noncharacter")
    } else {
        (
            "et linje- eller afsnitsskift",
            "a line or paragraph separator",
        )
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Label {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Label, D::Error> {
        let text = String::deserialize(deserializer)?;
        Label::new(text).map_err(|m| serde::de::Error::custom(m.to_serde()))
    }
}

impl schemars::JsonSchema for Label {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Label".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}

/// A text a person gave for people to read, in Danish and English: a plain string (the
/// same text in both languages) or `{"da": …, "en": …}`. Outputs pick by their
/// language (`--lang`); each text is a [`Label`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Text {
    /// One text for both languages.
    Same(Label),
    /// The text in each language.
    PerLanguage(PerLanguage),
}

/// A text in Danish and in English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PerLanguage {
    /// The Danish text.
    pub da: Label,
    /// The English text.
    pub en: Label,
}

impl Text {
    /// A text given in each language (a character that cannot be shown is replaced, as
    /// [`Label::lossy`] does).
    pub fn per_language(da: &str, en: &str) -> Text {
        Text::PerLanguage(PerLanguage {
            da: Label::lossy(da),
            en: Label::lossy(en),
        })
    }

    /// The Danish text.
    pub fn da(&self) -> &str {
        match self {
            Text::Same(l) => l,
            Text::PerLanguage(p) => &p.da,
        }
    }

    /// The English text.
    pub fn en(&self) -> &str {
        match self {
            Text::Same(l) => l,
            Text::PerLanguage(p) => &p.en,
        }
    }
}

impl From<Label> for Text {
    fn from(label: Label) -> Text {
        Text::Same(label)
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::Same(Label::default())
    }
}

// Read by the JSON type (a string is one text, an object the texts per language), not as
// serde's untagged enum, which hides a typo in the object ("dk") behind "data did not
// match any variant" and loses its path.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct ByJsonType;
        impl<'de> serde::de::Visitor<'de> for ByJsonType {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or {\"da\": Danish text, \"en\": English text}")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Label::new(text)
                    .map(Text::Same)
                    .map_err(|m| E::custom(m.to_serde()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                PerLanguage::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Text::PerLanguage)
            }
        }
        deserializer.deserialize_any(ByJsonType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_one_string_or_one_per_language() {
        let same: Text = serde_json::from_str("\"Basis\"").unwrap();
        assert_eq!((same.da(), same.en()), ("Basis", "Basis"));
        let both: Text =
            serde_json::from_str(r#"{"da": "Ekstra tilbud", "en": "Extra offers"}"#).unwrap();
        assert_eq!((both.da(), both.en()), ("Ekstra tilbud", "Extra offers"));
        for bad in [
            r#"{"da": "x"}"#,
            r#"{"da": "x", "en": "y", "de": "z"}"#,
            r#"{"da": "x\ny", "en": "y"}"#,
            "3",
        ] {
            assert!(serde_json::from_str::<Text>(bad).is_err(), "{bad}");
        }
        assert_eq!(
            serde_json::to_string(&both).unwrap(),
            r#"{"da":"Ekstra tilbud","en":"Extra offers"}"#
        );
    }

    #[test]
    fn plain_text_is_a_label_and_what_cannot_be_shown_is_not() {
        for ok in [
            "København 2025",
            "STAR's metode — æøå",
            "",
            "emoji 🙂",
            "a < b & c",
        ] {
            assert_eq!(Label::new(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "a\u{7}b",
            "tab\there",
            "line\nbreak",
            "cr\r",
            "\u{1b}[31m",
            "del\u{7f}",
            "c1\u{85}",
            "\u{202E}evil",
            "sep\u{2028}",
            "\u{FFFF}",
            "\u{FDD0}",
        ] {
            assert!(Label::new(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Label::lossy("a\tb\u{202E}").as_str(), "a\u{FFFD}b\u{FFFD}");
        let err = Label::new("ab\u{7}").unwrap_err();
        assert!(
            err.en().contains("U+0007") && err.en().contains("character 3"),
            "{err}"
        );
        assert!(
            err.da()
                .is_some_and(|da| da.contains("U+0007") && da.contains("tegn nr. 3")),
            "{err:?}"
        );
    }

    #[test]
    fn a_bad_label_fails_to_deserialize() {
        assert!(serde_json::from_str::<Label>(r#""ok""#).is_ok());
        let err = serde_json::from_str::<Label>(r#""a\u0000""#).unwrap_err();
        assert!(err.to_string().contains("U+0000"), "{err}");
    }
}
