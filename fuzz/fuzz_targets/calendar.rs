//! Holiday calendar documents.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::calendar::HolidayCalendar;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(cal) = HolidayCalendar::builtin().with_years_json(text) {
        for year in cal.years() {
            if let Some(d) = chrono::NaiveDate::from_ymd_opt(year, 2, 14) {
                let _ = cal.day_kind(d);
            }
        }
    }
});
