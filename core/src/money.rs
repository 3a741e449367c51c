//! Money in integer fen (分): the [`Fen`] newtype, exact fractions of a fen for intermediate results
//! ([`Exact`]), one rounding function (half-up to a configurable [`RoundingUnit`]), formatting as yuan with two
//! decimals, and the parser for amounts as people type them ([`parse_amount`]).
//!
//! Floats never appear: a fee is computed exactly (rates are per-mille fractions, a third, a half) and rounded
//! once, at the end (see `fees`).

use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

/// Fen per yuan.
pub const FEN_PER_YUAN: i64 = 100;

/// The largest amount the parser accepts: 10^13 yuan (far above any claim; keeps every computation in range).
pub const MAX_AMOUNT: Fen = Fen(10_000_000_000_000 * FEN_PER_YUAN);

/// What the amount parser accepts, for error messages ("accepted: …").
pub const ACCEPTED_AMOUNT_FORMS: &str =
    "a yuan amount such as 150000, 150,000.50, 15万, 12.5万元 or １５００００ \
     (0 to 10^13 yuan, at most two decimals of a yuan)";

/// An amount of money in fen (1/100 yuan). Signed so that deductions (a halving, a cap) can be shown as lines.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Fen(i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// From a count of fen.
    pub const fn from_fen(fen: i64) -> Fen {
        Fen(fen)
    }

    /// From whole yuan. Overflows only far beyond [`MAX_AMOUNT`]; callers pass figures of law or parsed input.
    pub const fn from_yuan(yuan: i64) -> Fen {
        Fen(yuan * FEN_PER_YUAN)
    }

    /// The count of fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// This amount as an exact fraction (for further exact arithmetic).
    pub fn exact(self) -> Exact {
        Exact::from_fen(self)
    }

    /// Rounds to `unit` (half-up); a whole number of fen is already exact at unit fen.
    pub fn round(self, unit: RoundingUnit) -> Fen {
        self.exact().round(unit)
    }

    /// Yuan with two decimals and thousands separators, e.g. `13,800.00` (for people; `Display` is for machines).
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (sign, rest) = match plain.strip_prefix('-') {
            Some(r) => ("-", r),
            None => ("", plain.as_str()),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut out = String::with_capacity(int.len() + int.len() / 3 + 4);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}.{frac}")
    }
}

/// `1234.50`: yuan with exactly two decimals, no separators (the CLI/JSON form).
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:02}",
            abs / FEN_PER_YUAN as u64,
            abs % FEN_PER_YUAN as u64
        )
    }
}

impl Add for Fen {
    type Output = Fen;
    fn add(self, rhs: Fen) -> Fen {
        Fen(self.0 + rhs.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, rhs: Fen) {
        self.0 += rhs.0;
    }
}

impl Sub for Fen {
    type Output = Fen;
    fn sub(self, rhs: Fen) -> Fen {
        Fen(self.0 - rhs.0)
    }
}

impl SubAssign for Fen {
    fn sub_assign(&mut self, rhs: Fen) {
        self.0 -= rhs.0;
    }
}

impl Neg for Fen {
    type Output = Fen;
    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

/// The unit a final figure is rounded to (half-up). The regulation sets none; judgments print fen. A court may
/// choose jiao or yuan (configuration `fees.rounding_unit_fen` = 1, 10 or 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum RoundingUnit {
    #[default]
    Fen,
    Jiao,
    Yuan,
}

impl RoundingUnit {
    /// From the configured number of fen: 1, 10 or 100; anything else is not a rounding unit.
    pub fn from_fen(unit: i64) -> Option<RoundingUnit> {
        match unit {
            1 => Some(RoundingUnit::Fen),
            10 => Some(RoundingUnit::Jiao),
            100 => Some(RoundingUnit::Yuan),
            _ => None,
        }
    }

    pub const fn fen(self) -> i64 {
        match self {
            RoundingUnit::Fen => 1,
            RoundingUnit::Jiao => 10,
            RoundingUnit::Yuan => 100,
        }
    }

    /// The Chinese name of the unit (分 / 角 / 元).
    pub const fn name_zh(self) -> &'static str {
        match self {
            RoundingUnit::Fen => "分",
            RoundingUnit::Jiao => "角",
            RoundingUnit::Yuan => "元",
        }
    }
}

/// An exact amount of money: a fraction of a fen `num / den` (den > 0, kept in lowest terms). Used for
/// intermediate results such as 2.5 % of 10,001 yuan (25,002.5 fen) or a third of a fee.
#[derive(Debug, Clone, Copy)]
pub struct Exact {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Exact {
    pub const ZERO: Exact = Exact { num: 0, den: 1 };

    pub fn from_fen(f: Fen) -> Exact {
        Exact {
            num: f.0 as i128,
            den: 1,
        }
    }

    fn new(num: i128, den: i128) -> Exact {
        debug_assert!(den != 0);
        let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
        let g = gcd(num, den).max(1);
        Exact {
            num: num / g,
            den: den / g,
        }
    }

    /// `self × numer / denom` exactly (`denom` > 0). Rates: 2.5 % is `mul_ratio(25, 1000)`.
    pub fn mul_ratio(self, numer: i64, denom: i64) -> Exact {
        Exact::new(self.num * numer as i128, self.den * denom as i128)
    }

    /// True when this is a whole number of fen.
    pub fn is_whole_fen(self) -> bool {
        self.den == 1
    }

    /// Rounds half-up (a half goes up, towards +∞) to a multiple of `unit`. The one rounding function of the
    /// crate: fees are rounded once, at the end.
    pub fn round(self, unit: RoundingUnit) -> Fen {
        // value in units: num / (den × unit); half-up = floor(value + 1/2) = floor((2 num + den u) / (2 den u)).
        let u = unit.fen() as i128;
        let d = self.den * u;
        let q = (2 * self.num + d).div_euclid(2 * d);
        Fen((q * u) as i64)
    }

    /// Rounds half-up to the fen.
    pub fn round_fen(self) -> Fen {
        self.round(RoundingUnit::Fen)
    }

    /// The smaller of two exact amounts.
    pub fn min(self, other: Exact) -> Exact {
        if self <= other {
            self
        } else {
            other
        }
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Exact) -> bool {
        self.num == other.num && self.den == other.den
    }
}

impl Eq for Exact {}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Exact) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

impl Add for Exact {
    type Output = Exact;
    fn add(self, rhs: Exact) -> Exact {
        Exact::new(self.num * rhs.den + rhs.num * self.den, self.den * rhs.den)
    }
}

impl Sub for Exact {
    type Output = Exact;
    fn sub(self, rhs: Exact) -> Exact {
        Exact::new(self.num * rhs.den - rhs.num * self.den, self.den * rhs.den)
    }
}

impl Neg for Exact {
    type Output = Exact;
    fn neg(self) -> Exact {
        Exact {
            num: -self.num,
            den: self.den,
        }
    }
}

impl Sum for Exact {
    fn sum<I: Iterator<Item = Exact>>(iter: I) -> Exact {
        iter.fold(Exact::ZERO, Add::add)
    }
}

/// Why a typed amount was refused. `Display` says what was wrong; [`ACCEPTED_AMOUNT_FORMS`] says what is accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("is empty")]
    Empty,
    #[error("is negative")]
    Negative,
    #[error("has more than two decimals of a yuan (the smallest unit is the fen, 0.01 yuan)")]
    TooManyDecimals,
    #[error("is above the largest accepted amount, 10^13 yuan")]
    TooLarge,
    #[error("has a character that is not part of an amount: '{ch}'")]
    InvalidChar { ch: char },
    #[error("is not an amount: {reason}")]
    Malformed { reason: &'static str },
}

/// Maps full-width forms (digits, point, comma, minus, plus) to ASCII; other characters are kept.
fn half_width(ch: char) -> char {
    match ch {
        '０'..='９' => char::from_u32(ch as u32 - '０' as u32 + '0' as u32).unwrap_or(ch),
        '．' | '。' => '.',
        '，' => ',',
        '－' | '−' | '—' => '-',
        '＋' => '+',
        _ => ch,
    }
}

/// Parses an amount of yuan as people type it: `150000`, `150,000.50`, `15万`, `12.5万元`, `１５００００`,
/// `￥1,000` — with 元 (before or after), ¥/￥ before, 万 (×10^4) or 亿 (×10^8) after, and thousands separators in
/// groups of three. The result must be a whole number of fen after the 万/亿 scaling (`12.345万` = 123,450 yuan is
/// fine; `1.005` is not), at least 0 and at most 10^13 yuan.
pub fn parse_amount(input: &str) -> Result<Fen, AmountError> {
    let text: String = input.chars().map(half_width).collect();
    let mut s = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    if s.starts_with('-') {
        return Err(AmountError::Negative);
    }
    s = s.strip_prefix('+').unwrap_or(s);
    for prefix in ['¥', '￥', '元'] {
        if let Some(rest) = s.strip_prefix(prefix) {
            s = rest.trim_start();
            break;
        }
    }
    if s.starts_with('-') {
        return Err(AmountError::Negative);
    }
    s = s.strip_suffix('元').map(str::trim_end).unwrap_or(s);
    let mut scale_digits = 0u32; // the number is multiplied by 10^scale_digits
    if let Some(rest) = s.strip_suffix('万') {
        s = rest.trim_end();
        scale_digits = 4;
    } else if let Some(rest) = s.strip_suffix('亿') {
        s = rest.trim_end();
        scale_digits = 8;
    }
    if s.is_empty() {
        return Err(AmountError::Malformed {
            reason: "no digits",
        });
    }
    if let Some(ch) = s
        .chars()
        .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == ','))
    {
        return Err(if ch == '-' {
            AmountError::Negative
        } else {
            AmountError::InvalidChar { ch }
        });
    }
    let (int_part, frac_part) = match s.split_once('.') {
        None => (s, ""),
        Some((i, f)) => {
            if f.contains('.') {
                return Err(AmountError::Malformed {
                    reason: "more than one decimal point",
                });
            }
            if f.contains(',') {
                return Err(AmountError::Malformed {
                    reason: "a thousands separator after the decimal point",
                });
            }
            if f.is_empty() {
                return Err(AmountError::Malformed {
                    reason: "no digit after the decimal point",
                });
            }
            (i, f)
        }
    };
    if int_part.is_empty() {
        return Err(AmountError::Malformed {
            reason: "no digit before the decimal point",
        });
    }
    let digits: String = if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(AmountError::Malformed {
                reason: "thousands separators must split the digits in groups of three (150,000)",
            });
        }
        groups.concat()
    } else {
        int_part.to_string()
    };
    // Value in fen = int.frac × 10^scale × 100, exact as an integer over 10^len(frac).
    let digits = digits.trim_start_matches('0');
    let frac = frac_part.trim_end_matches('0');
    // Quick bound: more than 16 significant integer digits (after scaling) is surely above 10^13 yuan.
    if digits.len() as u32 + scale_digits > 16 {
        return Err(AmountError::TooLarge);
    }
    let shift = scale_digits as i64 + 2 - frac.len() as i64; // power of ten applied to int‖frac digits
    if shift < 0 {
        return Err(AmountError::TooManyDecimals);
    }
    let mut all = String::with_capacity(digits.len() + frac.len());
    all.push_str(digits);
    all.push_str(frac);
    let mantissa: i128 = if all.is_empty() {
        0
    } else {
        all.parse::<i128>().map_err(|_| AmountError::Malformed {
            reason: "too many digits",
        })?
    };
    let fen = mantissa * 10i128.pow(shift as u32);
    if fen > MAX_AMOUNT.0 as i128 {
        return Err(AmountError::TooLarge);
    }
    Ok(Fen(fen as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_up_at_each_unit() {
        let cases: &[(i128, i128, RoundingUnit, i64)] = &[
            (5, 10, RoundingUnit::Fen, 1),   // 0.5 fen → 1
            (49, 100, RoundingUnit::Fen, 0), // 0.49 fen → 0
            (-5, 10, RoundingUnit::Fen, 0),  // −0.5 fen → 0 (half-up is towards +∞)
            (15, 1, RoundingUnit::Jiao, 20),
            (14, 1, RoundingUnit::Jiao, 10),
            (150, 1, RoundingUnit::Yuan, 200),
            (149, 1, RoundingUnit::Yuan, 100),
        ];
        for &(n, d, unit, want) in cases {
            assert_eq!(
                Exact::new(n, d).round(unit),
                Fen(want),
                "{n}/{d} at {unit:?}"
            );
        }
    }

    #[test]
    fn display_and_grouping() {
        for (fen, plain, grouped) in [
            (0, "0.00", "0.00"),
            (5, "0.05", "0.05"),
            (123450, "1234.50", "1,234.50"),
            (-690000, "-6900.00", "-6,900.00"),
            (100_000_000, "1000000.00", "1,000,000.00"),
        ] {
            assert_eq!(Fen(fen).to_string(), plain);
            assert_eq!(Fen(fen).grouped(), grouped);
        }
    }
}
