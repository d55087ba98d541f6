//! Calendar dates without time zones: review dates, due dates and the as-of date.
//!
//! aims only ever needs whole days, so a small proleptic-Gregorian date type keeps the dependency list short and
//! makes "today" an explicit input that is read once, at the binary edge ([`Date::today_local`]).

use std::fmt;
use std::str::FromStr;

/// A calendar date (proleptic Gregorian, years 1 to 9999), ordered chronologically. Written `YYYY-MM-DD` in YAML,
/// JSON and reports, and parsed from that form ([`FromStr`]; in aims.toml, from a TOML date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date. The message quotes the text as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not shaped `YYYY-MM-DD` (four, two and two digits): holds the text.
    #[error("`{0}` is not a date; write it as YYYY-MM-DD, for example 2026-03-31")]
    Format(String),
    /// Shaped like a date, but no such day exists (month 13, 31 April, year 0000): holds the text and the reason.
    #[error("`{0}` is not a real date: {1}")]
    Impossible(String, &'static str),
}

impl Date {
    /// Builds a date, checking that it exists (no 31 April, no 29 February outside leap years). `month` and `day`
    /// are 1-based; `None` when the date does not exist or the year is outside 1 to 9999.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// The year, 1 to 9999.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The date `months` calendar months later, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb).
    pub fn add_months(self, months: u32) -> Date {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + months as i64;
        let year = (total / 12).min(9999) as i32;
        let month = (total % 12) as u8 + 1;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = self.year as i64 - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Today's date on the local calendar (the time zone of `TZ`, or the system's), from the system clock. Used by
    /// the binary when `--as-of` is not given. The clock and the time zone are read once per process: every later
    /// call returns the same date, so a run that crosses midnight assesses everything as of one day.
    ///
    /// The local date, not the UTC one: in Sydney at 08:30 a review done that morning carries that day's date, which
    /// in UTC is still tomorrow. On platforms other than Unix the UTC date is used. CI jobs should pin the date with
    /// `--as-of` (or `TZ`) so a run does not depend on the runner's time zone.
    pub fn today_local() -> Date {
        static TODAY: std::sync::OnceLock<Date> = std::sync::OnceLock::new();
        *TODAY.get_or_init(|| {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
            local_date(secs).unwrap_or_else(|| Date::from_days(secs.div_euclid(86_400)))
        })
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }
}

/// The local calendar date at `secs` seconds after 1970-01-01 UTC, from the C library's time zone rules (TZ, or
/// /etc/localtime). `None` when the C library cannot tell.
#[cfg(unix)]
fn local_date(secs: i64) -> Option<Date> {
    // Neither the standard library nor a small crate gives the local UTC offset soundly on every Unix; the C
    // library does, through localtime_r. It is called once per process (see `today_local`), before any thread that
    // could change the environment exists.
    unsafe extern "C" {
        fn tzset();
    }
    let time = libc::time_t::try_from(secs).ok()?;
    // SAFETY: `tm` is plain old data, so all-zero is a valid value; `localtime_r` writes only into it and returns
    // null on failure. `tzset` takes no arguments and only (re)reads the time zone settings.
    let tm = unsafe {
        tzset();
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&time, &mut tm).is_null() {
            return None;
        }
        tm
    };
    Date::new(tm.tm_year.checked_add(1900)?, u8::try_from(tm.tm_mon + 1).ok()?, u8::try_from(tm.tm_mday).ok()?)
}

#[cfg(not(unix))]
fn local_date(_secs: i64) -> Option<Date> {
    None
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Format(text.to_string()));
        }
        // The shape check above guarantees ASCII digits, so these parses cannot fail.
        let year: i32 = text[0..4].parse().unwrap_or(0);
        let month: u8 = text[5..7].parse().unwrap_or(0);
        let day: u8 = text[8..10].parse().unwrap_or(0);
        if !(1..=12).contains(&month) {
            return Err(DateError::Impossible(text.to_string(), "the month must be 01 to 12"));
        }
        if year == 0 {
            return Err(DateError::Impossible(text.to_string(), "there is no year 0000"));
        }
        Date::new(year, month, day)
            .ok_or_else(|| DateError::Impossible(text.to_string(), "that month does not have this many days"))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        let d: Date = "2026-02-28".parse().unwrap();
        assert_eq!(d.to_string(), "2026-02-28");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(matches!("2026-02-29".parse::<Date>(), Err(DateError::Impossible(..))));
        assert!(matches!("2026-13-01".parse::<Date>(), Err(DateError::Impossible(..))));
        assert!(matches!("2026-04-31".parse::<Date>(), Err(DateError::Impossible(..))));
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!(matches!("26-1-1".parse::<Date>(), Err(DateError::Format(_))));
        assert!(matches!("2026/01/01".parse::<Date>(), Err(DateError::Format(_))));
    }

    #[test]
    fn days_round_trip_across_eras() {
        for days in [-800_000, -1, 0, 1, 59, 10_956, 20_000, 2_000_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
    }

    #[test]
    fn adding_months_clamps_to_month_end() {
        let d: Date = "2026-01-31".parse().unwrap();
        assert_eq!(d.add_months(1).to_string(), "2026-02-28");
        assert_eq!(d.add_months(12).to_string(), "2027-01-31");
        assert_eq!("2023-02-28".parse::<Date>().unwrap().add_months(12).to_string(), "2024-02-28");
    }
}
