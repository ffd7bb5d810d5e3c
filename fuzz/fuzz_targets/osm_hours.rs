//! OSM opening_hours import, export and queries.
#![no_main]
use libfuzzer_sys::fuzz_target;
use waystation_core::calendar::HolidayCalendar;
use waystation_core::hours::OpeningHours;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(hours) = OpeningHours::parse_osm(text) else {
        return;
    };
    let cal = HolidayCalendar::builtin();
    let Some(t) = chrono::DateTime::parse_from_rfc3339("2025-12-30T23:59:00+08:00").ok() else {
        return;
    };
    if let Ok(status) = hours.status_at(t, &cal) {
        if let Some(change) = status.next_change {
            assert!(change.at > t);
            assert_eq!(change.opens, !status.open);
        }
    }
    if let Ok(osm) = hours.to_osm() {
        assert_eq!(
            OpeningHours::parse_osm(&osm).ok(),
            Some(hours),
            "OSM must round-trip"
        );
    }
});
