//! The amount parser (`money::parse_amount`) on input as people type it, and its typed refusals; formatting.

use court_core::money::{parse_amount, AmountError, Fen};

fn check(input: &str, want: Result<i64, AmountError>) {
    assert_eq!(
        parse_amount(input),
        want.map(Fen::from_fen),
        "input {input:?}"
    );
}

#[test]
fn accepted_forms() {
    let cases: &[(&str, i64)] = &[
        ("150000", 15_000_000),
        ("150,000.50", 15_000_050),
        ("1,234,567.89", 123_456_789),
        ("15万", 15_000_000),
        ("12.5万元", 12_500_000),
        ("12.345万", 12_345_000), // 123,450 yuan: fen precision of the yuan amount is what counts
        ("0.0001万", 100),        // 1 yuan
        ("1.23456万", 1_234_560), // 12,345.60 yuan
        ("1.000001万", 1_000_001), // 10,000.01 yuan
        ("１５００００", 15_000_000), // full-width digits
        ("１５０，０００．５０", 15_000_050),
        ("１２.５万元", 12_500_000),
        ("150000元", 15_000_000),
        ("元150000", 15_000_000),
        ("￥1,000", 100_000),
        ("¥ 1000.5", 100_050),
        ("  150000  ", 15_000_000),
        ("\u{3000}150000\u{3000}", 15_000_000),
        ("0", 0),
        ("0.00", 0),
        ("1.500", 150), // trailing zeros are not extra precision
        ("007", 700),
        ("1亿", 10_000_000_000),
        ("10000000000000", 1_000_000_000_000_000), // 10^13 yuan, the largest accepted
        ("10000000000000.00", 1_000_000_000_000_000),
        ("1000000000万", 1_000_000_000_000_000),
    ];
    for &(input, fen) in cases {
        check(input, Ok(fen));
    }
}

#[test]
fn refused_forms() {
    use AmountError::*;
    let cases: &[(&str, AmountError)] = &[
        ("", Empty),
        ("   ", Empty),
        ("-1", Negative),
        ("－１", Negative),
        ("-0.5万", Negative),
        ("￥-100", Negative),
        ("1.005", TooManyDecimals),
        ("0.001", TooManyDecimals),
        ("1.0000001万", TooManyDecimals), // 10,000.001 yuan (1.000001万 = 10,000.01 is fine)
        ("10000000000000.01", TooLarge),
        ("10000000000001", TooLarge),
        ("1000000000.0001万", TooLarge), // 10^13 + 1 yuan
        ("99999999999999999999999", TooLarge),
        ("2000000000万", TooLarge),
        ("abc", InvalidChar { ch: 'a' }),
        ("1e6", InvalidChar { ch: 'e' }),
        ("15 000", InvalidChar { ch: ' ' }),
        ("十万", InvalidChar { ch: '十' }),
        (
            "元",
            Malformed {
                reason: "no digits",
            },
        ),
        (
            "万",
            Malformed {
                reason: "no digits",
            },
        ),
        (
            "1.2.3",
            Malformed {
                reason: "more than one decimal point",
            },
        ),
        (
            "5.",
            Malformed {
                reason: "no digit after the decimal point",
            },
        ),
        (
            ".5",
            Malformed {
                reason: "no digit before the decimal point",
            },
        ),
        (
            "1,50,000",
            Malformed {
                reason: "thousands separators must split the digits in groups of three (150,000)",
            },
        ),
        (
            "15,0000",
            Malformed {
                reason: "thousands separators must split the digits in groups of three (150,000)",
            },
        ),
        (
            "1.5,0",
            Malformed {
                reason: "a thousands separator after the decimal point",
            },
        ),
    ];
    for (input, err) in cases {
        check(input, Err(err.clone()));
    }
}

#[test]
fn formatting() {
    let cases: &[(i64, &str, &str)] = &[
        (0, "0.00", "0.00"),
        (1, "0.01", "0.01"),
        (1_380_000, "13800.00", "13,800.00"),
        (15_000_050, "150000.50", "150,000.50"),
        (-690_000, "-6900.00", "-6,900.00"),
    ];
    for &(fen, plain, grouped) in cases {
        assert_eq!(Fen::from_fen(fen).to_string(), plain);
        assert_eq!(Fen::from_fen(fen).grouped(), grouped);
        assert_eq!(
            parse_amount(plain.trim_start_matches('-')).map(|f| f.fen()),
            Ok(fen.abs())
        );
    }
}
