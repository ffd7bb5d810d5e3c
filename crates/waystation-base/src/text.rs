//! [`Text`]: the immutable, cheaply cloned string held by the records a catalogue has by the
//! hundred thousand (stations and outlets).
//!
//! A national catalogue holds about eight texts per station (ids, names, addresses). As `String`s
//! they would be 1.6 million heap blocks for 200,000 stations: allocating them dominated loading
//! the compact form, and freeing them dropping a catalogue. A [`Text`] is either a string of its
//! own, as a `String` is (what JSON and code give), or a range of a shared, reference-counted
//! buffer: the compact reader puts a whole column of texts in a few buffers and a station's
//! `outlet` shares the bytes of its outlet's `id`; cloning a shared text never copies.
//!
//! A `Text` reads like a `&str` (it dereferences to one, and compares, hashes, orders, prints
//! and serialises exactly as its `str` does), so most code never notices it is not a `String`.
//!
//! ```
//! use waystation::text::Text;
//! let id = Text::from("jinan-001");
//! assert_eq!(id, "jinan-001");
//! assert!(id.starts_with("jinan"));
//! assert_eq!(id.len(), 9);
//! let owned: String = id.to_string();
//! assert_eq!(serde_json::to_string(&id).unwrap(), "\"jinan-001\"");
//! assert_eq!(owned, id);
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// The rules every catalogue text is checked by.

/// Whether `c` is a control character (Unicode category Cc), a format character (Cf: zero-width
/// spaces and joiners, bidirectional overrides and isolates, the byte-order mark, tags, …) or a
/// line or paragraph separator: characters that are invisible, or change how the text around
/// them is shown, and have no place in an id, a name or an address.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c as u32,
        0x00..=0x1F
            | 0x7F..=0x9F
            | 0xAD
            | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x2028..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// Whether `c` is unchanged by NFC and cannot combine with its neighbours (quick check "yes",
/// combining class 0, never the second of a composed pair): ASCII, Latin-1, CJK ideographs,
/// CJK and general punctuation, full-width forms. Texts of only these are NFC as they are.
fn is_nfc_stable(c: char) -> bool {
    matches!(
        c as u32,
        0x20..=0x7E
            | 0xA0..=0xAC
            | 0xAE..=0xFF
            | 0x2010..=0x2027
            | 0x2030..=0x205E
            | 0x3000..=0x3029
            | 0x3030..=0x303F
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xFF01..=0xFFEF
    )
}

/// What is wrong with a catalogue text, if anything, besides its length: an invisible
/// character ([`is_invisible`]), or a text not in Unicode normalization form C (then `é`
/// written as `e` and a combining accent would be a different id from `é`).
pub fn unclean(value: &str) -> Option<String> {
    // Nearly every text is printable ASCII, or Chinese: clean and NFC as they are, checked a
    // byte or a character at a time; only other texts need the normalization check.
    if value.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return None;
    }
    let mut simple = true;
    for (i, c) in value.chars().enumerate() {
        if is_nfc_stable(c) {
            continue;
        }
        if is_invisible(c) {
            return Some(format!(
                "contains the invisible character U+{:04X} at character {}; texts may hold only \
                 visible characters and spaces",
                c as u32,
                i + 1
            ));
        }
        simple = false;
    }
    if simple {
        return None;
    }
    use unicode_normalization::{is_nfc, is_nfc_quick, IsNormalized};
    let nfc = match is_nfc_quick(value.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => is_nfc(value),
    };
    (!nfc).then(|| {
        "is not in Unicode normalization form C (NFC): write each accented or composed \
         character as one code point"
            .to_string()
    })
}

/// An immutable string: its own, or a range of a buffer it shares. Cloning a shared one copies
/// no text.
///
/// Build one with `Text::from("…")` or `String::into()`; read it as a `&str` (`&*text`,
/// [`Text::as_str`], or any `str` method through `Deref`). It is the size of a `String`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// A text of its own: a `String`'s bytes (its spare capacity trimmed), or a copy of a `&str`.
    Own(Box<str>),
    /// Bytes `start..end` of a buffer shared with other texts (the compact reader's columns).
    Shared {
        buf: Arc<String>,
        start: u32,
        end: u32,
    },
}

impl Text {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Own(s) => s,
            // `TextColumn` makes only ranges at character boundaries of their buffer, so this
            // never falls back.
            Repr::Shared { buf, start, end } => {
                buf.get(*start as usize..*end as usize).unwrap_or_default()
            }
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Own(s.into()))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Own(s.into_boxed_str()))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        match t.0 {
            // Its own bytes become the `String`'s, without a copy.
            Repr::Own(s) => s.into_string(),
            Repr::Shared { .. } => t.as_str().to_owned(),
        }
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> Self {
        t.as_str().to_owned()
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, so that `Borrow<str>` lookups find it.
        self.as_str().hash(state);
    }
}

macro_rules! eq_with {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for Text {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<Text> for $other {
            fn eq(&self, other: &Text) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
eq_with!(str, &str, String);

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

/// Builds the [`Text`]s of one column in shared buffers: push each text, then take them all.
///
/// A buffer is sealed (moved into an `Arc`, without copying its bytes) before it would pass
/// [`TextColumn::CHUNK`] bytes, so no buffer is larger than the texts of a few thousand
/// records; a text that long alone is a text of its own.
#[derive(Debug, Default)]
pub struct TextColumn {
    open: String,
    /// Byte ranges in `open` of the texts pushed since it was last sealed.
    pending: Vec<(u32, u32)>,
    done: Vec<Text>,
}

impl TextColumn {
    /// Bytes after which a buffer is sealed (well below `u32::MAX`, the end of a range).
    pub const CHUNK: usize = 1 << 20;

    /// An empty column with room for `texts` texts.
    pub fn with_capacity(texts: usize) -> Self {
        TextColumn {
            open: String::new(),
            pending: Vec::new(),
            done: Vec::with_capacity(texts),
        }
    }

    /// Adds `s` as the next text.
    pub fn push(&mut self, s: &str) {
        if s.len() >= Self::CHUNK {
            self.seal();
            self.done.push(Text::from(s));
            return;
        }
        if self.open.len() + s.len() > Self::CHUNK {
            self.seal();
        }
        if self.open.capacity() == 0 {
            self.open.reserve(Self::CHUNK);
        }
        // Both below `CHUNK`, so together below 2 MiB: the casts are exact.
        let start = self.open.len() as u32;
        self.open.push_str(s);
        self.pending.push((start, self.open.len() as u32));
    }

    fn seal(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut open = std::mem::take(&mut self.open);
        open.shrink_to_fit();
        let buf = Arc::new(open);
        self.done.extend(self.pending.drain(..).map(|(start, end)| {
            Text(Repr::Shared {
                buf: Arc::clone(&buf),
                start,
                end,
            })
        }));
    }

    /// Every text pushed, in order.
    pub fn finish(mut self) -> Vec<Text> {
        self.seal();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn invisible_characters_and_unnormalised_texts_are_refused() {
        for clean in [
            "st-jinan-01",
            "济南分行",
            "Café Zürich",
            "ICBC 工行驿站（小蜜蜂）",
            "Ünïcödé",
            "",
        ] {
            assert_eq!(unclean(clean), None, "{clean}");
        }
        for bad in [
            "a\u{0}b",
            "st\u{7}",
            "\u{200B}",
            "a\u{202E}b",
            "\u{2066}x",
            "x\u{FEFF}",
            "a\nb",
            "\u{E0041}",
        ] {
            let e = unclean(bad).unwrap_or_default();
            assert!(e.contains("invisible character U+"), "{bad:?}: {e}");
        }
        // NFD twin of "Café": refused, so two spellings of one id cannot both exist.
        let e = unclean("Cafe\u{301}").unwrap_or_default();
        assert!(e.contains("NFC"), "{e}");
        // A CJK compatibility ideograph normalises to its unified twin.
        assert!(unclean("\u{F900}").is_some());
    }

    #[test]
    fn a_text_behaves_as_its_str() {
        let t = Text::from("济南分行 Jinan");
        assert_eq!(t, "济南分行 Jinan");
        assert_eq!("济南分行 Jinan", t);
        assert_eq!(t, String::from("济南分行 Jinan"));
        assert_eq!(format!("{t}|{t:?}"), "济南分行 Jinan|\"济南分行 Jinan\"");
        let (a, b) = (Text::from("a"), Text::from("b"));
        assert!(a < b && b.cmp(&a).is_gt());
        let set: HashSet<Text> = [Text::from("x")].into_iter().collect();
        assert!(set.contains("x"));
        assert_eq!(Text::default(), "");
        assert_eq!(std::mem::size_of::<Text>(), std::mem::size_of::<String>());
        let back: Text = serde_json::from_str("\"\\u6d4e\"").unwrap();
        assert_eq!(back, "济");
        assert_eq!(String::from(back), "济");
    }

    #[test]
    fn a_column_keeps_every_text_in_order_across_buffers() {
        let texts: Vec<String> = (0..5000)
            .map(|i| format!("{i:05}-{}", "站".repeat(i % 300)))
            .collect();
        let mut column = TextColumn::with_capacity(texts.len());
        for t in &texts {
            column.push(t);
        }
        column.push("");
        // A text as long as a whole buffer is a text of its own, between shared ones.
        let long = "驿".repeat(TextColumn::CHUNK / 3 + 1);
        column.push(&long);
        column.push("after");
        let mut out = column.finish();
        assert_eq!(out.pop().as_deref(), Some("after"));
        let own = out.pop().unwrap();
        assert!(matches!(own.0, Repr::Own(_)) && own == long);
        assert_eq!(out.len(), texts.len() + 1);
        for (a, b) in out.iter().zip(&texts) {
            assert_eq!(a, b);
        }
        assert_eq!(out.last().map(Text::as_str), Some(""));
        assert_eq!(String::from(out[7].clone()), texts[7]);
        // More than one buffer was used, and texts of a buffer share it.
        let buffers: HashSet<*const String> = out
            .iter()
            .filter_map(|t| match &t.0 {
                Repr::Shared { buf, .. } => Some(Arc::as_ptr(buf)),
                Repr::Own(_) => None,
            })
            .collect();
        assert!(buffers.len() > 1 && buffers.len() < 10, "{}", buffers.len());
    }
}
