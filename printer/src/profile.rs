//! Printer profiles: what a printer model can do (paper width, resident Chinese font and its coverage, native
//! QR, cutter). The profiles shipped with the kiosk live in `kiosk-config/printers/*.toml` and are embedded in
//! the binary; [`Profile::parse`] reads one from text handed over by the shell.

use serde::Deserialize;

/// Which characters a printer's resident Chinese font holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Coverage {
    /// GB 2312: two-byte codes with lead 0xA1–0xF7 and trail 0xA1–0xFE (6 763 hanzi).
    GB2312,
    /// GBK: every two-byte code of GB 18030 (21 886 characters).
    GBK,
    /// GB 18030: two- and four-byte codes (all of Unicode, e.g. 䶮 U+4DAE).
    GB18030,
}

impl Coverage {
    /// Whether `c` can be printed with the resident font. ASCII is always printable.
    pub fn covers(self, c: char) -> bool {
        if c.is_ascii() {
            return !c.is_ascii_control();
        }
        let mut buf = [0u8; 4];
        let s: &str = c.encode_utf8(&mut buf);
        // encoding_rs' GB18030 encoder (its GBK encoder is the same table) gives the code; the coverage is
        // decided here from the code's shape.
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(s);
        if unmappable {
            return false;
        }
        match (self, bytes.as_ref()) {
            (Coverage::GB18030, [_, _] | [_, _, _, _]) => true,
            (Coverage::GBK, [lead, trail]) => !gbk_excluded(*lead, *trail),
            (Coverage::GB2312, [lead, trail]) => {
                // Lead 0xA1–0xF7, trail 0xA1–0xFE, less the empty rows 10–15 (AA–AF), the unassigned end of
                // row 55 (D7FA–D7FE) and A2E3, where GB 18030 put the euro sign.
                (0xA1..=0xF7).contains(lead)
                    && (0xA1..=0xFE).contains(trail)
                    && !(0xAA..=0xAF).contains(lead)
                    && !(*lead == 0xD7 && *trail >= 0xFA)
                    && !(*lead == 0xA2 && *trail == 0xE3)
            }
            _ => false,
        }
    }
}

/// Two-byte GB 18030 codes that a GBK font cannot be trusted with: the user-defined areas (AAA1–AFFE,
/// F8A1–FEFE, A140–A7A0) and FE50–FEA0, where GBK only had private-use mappings and GB 18030-2005 put real
/// characters (e.g. 䶮 U+4DAE at FE9F).
fn gbk_excluded(lead: u8, trail: u8) -> bool {
    let user_defined = (((0xAA..=0xAF).contains(&lead) || (0xF8..=0xFE).contains(&lead))
        && trail >= 0xA1)
        || ((0xA1..=0xA7).contains(&lead) && (0x40..=0xA0).contains(&trail));
    let fe_compat = lead == 0xFE && (0x50..=0xA0).contains(&trail);
    user_defined || fe_compat
}

/// A printer model's capabilities.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The profile's name (the file name without `.toml`).
    pub name: String,
    /// One line for people.
    #[serde(default)]
    pub description: String,
    /// Paper width: 58 or 80.
    pub width_mm: u32,
    /// Whether the printer has a resident Chinese font (FS & two-byte mode).
    pub chinese_font: bool,
    /// The font's coverage; required when `chinese_font` is true.
    #[serde(default)]
    pub coverage: Option<Coverage>,
    /// Whether the printer prints QR codes itself (GS ( k).
    pub native_qr: bool,
    /// Whether the printer has an auto-cutter (GS V).
    pub cutter: bool,
}

/// A profile that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ProfileError {
    #[error("printer profile {name:?} is not one of the embedded profiles; accepted: {accepted}")]
    Unknown { name: String, accepted: String },
    #[error("printer profile {source_name}: {message}")]
    Invalid {
        source_name: String,
        message: String,
    },
}

const EMBEDDED: &[(&str, &str)] = &[
    (
        "generic-80",
        include_str!("../../kiosk-config/printers/generic-80.toml"),
    ),
    (
        "generic-58",
        include_str!("../../kiosk-config/printers/generic-58.toml"),
    ),
    (
        "no-chinese-80",
        include_str!("../../kiosk-config/printers/no-chinese-80.toml"),
    ),
    (
        "no-qr-58",
        include_str!("../../kiosk-config/printers/no-qr-58.toml"),
    ),
];

impl Profile {
    /// Parse and check a profile from TOML text. `source_name` names it in errors (a file name).
    pub fn parse(source_name: &str, text: &str) -> Result<Profile, ProfileError> {
        let invalid = |message: String| ProfileError::Invalid {
            source_name: source_name.to_string(),
            message,
        };
        let p: Profile = toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        if p.name.trim().is_empty() {
            return Err(invalid("name: must not be empty".into()));
        }
        if p.width_mm != 58 && p.width_mm != 80 {
            return Err(invalid(format!(
                "width_mm: {} is not a paper width; accepted: 58, 80",
                p.width_mm
            )));
        }
        if p.chinese_font && p.coverage.is_none() {
            return Err(invalid(
                "coverage: required when chinese_font = true; accepted: \"GB2312\", \"GBK\", \"GB18030\"".into(),
            ));
        }
        Ok(p)
    }

    /// One of the embedded profiles by name.
    pub fn load_embedded(name: &str) -> Result<Profile, ProfileError> {
        match EMBEDDED.iter().find(|(n, _)| *n == name) {
            Some((n, text)) => Profile::parse(&format!("kiosk-config/printers/{n}.toml"), text),
            None => Err(ProfileError::Unknown {
                name: name.to_string(),
                accepted: embedded_names().join(", "),
            }),
        }
    }

    /// Paper width in dots at 203 dpi: 384 (58 mm) or 576 (80 mm).
    pub fn width_dots(&self) -> u32 {
        if self.width_mm == 58 {
            384
        } else {
            576
        }
    }

    /// Characters per line in half-width (12-dot) columns: 32 or 48.
    pub fn columns(&self) -> usize {
        (self.width_dots() / 12) as usize
    }

    /// Whether the printer's own font can print `c` (ASCII always; others need the Chinese font's coverage).
    pub fn prints_natively(&self, c: char) -> bool {
        if c.is_ascii() {
            return !c.is_ascii_control();
        }
        match (self.chinese_font, self.coverage) {
            (true, Some(cov)) => cov.covers(c),
            _ => false,
        }
    }
}

/// Names of the embedded profiles.
pub fn embedded_names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(n, _)| *n).collect()
}

/// Every embedded profile, parsed.
pub fn embedded() -> Result<Vec<Profile>, ProfileError> {
    EMBEDDED
        .iter()
        .map(|(n, _)| Profile::load_embedded(n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_table() {
        // (char, GB2312, GBK, GB18030)
        let cases: &[(char, bool, bool, bool)] = &[
            ('A', true, true, true),
            ('法', true, true, true),
            ('院', true, true, true),
            ('堃', false, true, true),
            ('玥', false, true, true),
            ('喆', false, true, true),
            ('䶮', false, false, true),
            ('𠀀', false, false, true),
            ('€', false, true, true),
            ('燚', false, true, true),
        ];
        for &(c, g2312, gbk, g18030) in cases {
            assert_eq!(Coverage::GB2312.covers(c), g2312, "GB2312 {c}");
            assert_eq!(Coverage::GBK.covers(c), gbk, "GBK {c}");
            assert_eq!(Coverage::GB18030.covers(c), g18030, "GB18030 {c}");
        }
    }

    #[test]
    fn embedded_profiles_parse() {
        let all = embedded().unwrap();
        assert_eq!(all.len(), 4);
        for p in &all {
            assert!(
                embedded_names().contains(&p.name.as_str()),
                "file name = profile name: {}",
                p.name
            );
        }
        let g80 = Profile::load_embedded("generic-80").unwrap();
        assert_eq!(
            (g80.width_dots(), g80.columns(), g80.native_qr, g80.cutter),
            (576, 48, true, true)
        );
        let g58 = Profile::load_embedded("generic-58").unwrap();
        assert_eq!((g58.width_dots(), g58.columns()), (384, 32));
        assert!(!Profile::load_embedded("no-chinese-80")
            .unwrap()
            .prints_natively('法'));
        assert!(!Profile::load_embedded("no-qr-58").unwrap().native_qr);
    }

    #[test]
    fn bad_profiles_are_named() {
        let cases: &[(&str, &str)] = &[
            ("name='x'\nwidth_mm=76\nchinese_font=false\nnative_qr=true\ncutter=true", "width_mm: 76"),
            ("name='x'\nwidth_mm=80\nchinese_font=true\nnative_qr=true\ncutter=true", "coverage: required"),
            ("name='x'\nwidth_mm=80\nchinese_font=true\ncoverage='BIG5'\nnative_qr=true\ncutter=true", "BIG5"),
            ("name='x'\nwidth_mm=80\nchinese_font=false\nnative_qr=true\ncutter=true\ncolour=1", "colour"),
        ];
        for (text, want) in cases {
            let err = Profile::parse("t.toml", text).unwrap_err().to_string();
            assert!(err.contains(want), "{err} should mention {want}");
        }
        assert!(Profile::load_embedded("epson")
            .unwrap_err()
            .to_string()
            .contains("generic-80"));
    }
}
