//! Calendar arithmetic for ages, tenure and validity periods.
//!
//! Periods counted in months follow the Civil Code (民法典, arts. 201–203): a period ends on the
//! corresponding day of the final month, or on the last day of that month when it has no such
//! day. So tenure starting on 31 January reaches one month on the last day of February, and a
//! person born on 29 February turns a year older on 28 February in common years.

use chrono::{Datelike, Months, NaiveDate};

use crate::time::{start_of_day, ChinaTime};

/// `date` plus `months` calendar months, clamped to the end of the month; `None` on overflow.
pub(crate) fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    if months >= 0 {
        date.checked_add_months(Months::new(u32::try_from(months).ok()?))
    } else {
        date.checked_sub_months(Months::new(u32::try_from(months.checked_neg()?).ok()?))
    }
}

/// The date on which someone born on `birth` reaches `years` years of age.
pub(crate) fn anniversary(birth: NaiveDate, years: i64) -> Option<NaiveDate> {
    add_months(birth, years.checked_mul(12)?)
}

/// Whole calendar months from `start` to `date` (negative when `date` is before `start`).
pub(crate) fn whole_months(start: NaiveDate, date: NaiveDate) -> i64 {
    let mut m = (i64::from(date.year()) - i64::from(start.year())) * 12 + i64::from(date.month())
        - i64::from(start.month());
    // Step back while the m-th monthly anniversary is still ahead.
    while add_months(start, m).is_some_and(|d| d > date) {
        m -= 1;
    }
    m
}

/// Age in whole years on `date` of someone born on `birth` (negative before birth).
pub(crate) fn age_on(birth: NaiveDate, date: NaiveDate) -> i64 {
    let m = whole_months(birth, date);
    m.div_euclid(12)
}

/// The instant an assessment taken at `assessed_at` stops being valid: midnight (China time)
/// ending the last day of a validity of `months` months.
///
/// An assessment taken on 2025-03-15 with a 12-month validity is valid through 2026-03-15 and
/// expires at 2026-03-16T00:00+08:00.
pub(crate) fn assessment_expires_at(assessed_at: ChinaTime, months: u32) -> Option<ChinaTime> {
    let taken = crate::time::china_date(&assessed_at);
    let last_day = add_months(taken, i64::from(months))?;
    Some(start_of_day(last_day.succ_opt()?))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ages_change_on_the_birthday() {
        assert_eq!(age_on(d(2008, 5, 3), d(2026, 5, 2)), 17);
        assert_eq!(age_on(d(2008, 5, 3), d(2026, 5, 3)), 18);
        assert_eq!(age_on(d(1961, 7, 1), d(2026, 6, 30)), 64);
        assert_eq!(age_on(d(1961, 7, 1), d(2026, 7, 1)), 65);
        assert_eq!(age_on(d(2026, 7, 1), d(2026, 6, 30)), -1);
    }

    #[test]
    fn leap_day_birthdays_use_the_end_of_february() {
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 27)), 17);
        assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28)), 18);
        assert_eq!(anniversary(d(2008, 2, 29), 18), Some(d(2026, 2, 28)));
        assert_eq!(anniversary(d(2008, 2, 29), 20), Some(d(2028, 2, 29)));
    }

    #[test]
    fn month_ends_clamp() {
        assert_eq!(add_months(d(2024, 1, 31), 1), Some(d(2024, 2, 29)));
        assert_eq!(add_months(d(2025, 1, 31), 1), Some(d(2025, 2, 28)));
        assert_eq!(whole_months(d(2025, 1, 31), d(2025, 2, 27)), 0);
        assert_eq!(whole_months(d(2025, 1, 31), d(2025, 2, 28)), 1);
        assert_eq!(whole_months(d(2026, 3, 1), d(2027, 3, 1)), 12);
        assert_eq!(whole_months(d(2026, 3, 1), d(2027, 2, 28)), 11);
        assert_eq!(add_months(d(2026, 3, 31), -1), Some(d(2026, 2, 28)));
        assert_eq!(add_months(d(2026, 3, 31), i64::MAX), None);
    }

    #[test]
    fn assessments_expire_at_china_midnight() {
        let taken = chrono::DateTime::parse_from_rfc3339("2025-03-15T23:30:00+08:00").unwrap();
        let exp = assessment_expires_at(taken, 12).unwrap();
        assert_eq!(exp.to_rfc3339(), "2026-03-16T00:00:00+08:00");
        // Taken at 20:00 UTC on the 14th, i.e. 04:00 on the 15th in China.
        let utc = chrono::DateTime::parse_from_rfc3339("2025-03-14T20:00:00+00:00").unwrap();
        assert_eq!(
            assessment_expires_at(utc, 12).unwrap().to_rfc3339(),
            "2026-03-16T00:00:00+08:00"
        );
    }
}
