//! How a station's open status is worded: open or resting now, when that changes, the public
//! holiday or make-up working day that changes the hours, and the lifecycle stages in which a
//! station does not serve. "Resting" (休息中) is a station outside its hours; "no longer in
//! service" (已停用) is the lifecycle stage — the two are never worded alike.

use super::Message;

messages! {
    /// Open now, with no closing in sight (round the clock).
    STATUS_OPEN = "status.open" { zh: "营业中，全天开放", en: "Open now, around the clock" }
    /// Open now, closing at a time.
    STATUS_OPEN_UNTIL = "status.open_until" {
        zh: "营业中，{time} 结束营业",
        en: "Open now, closes {time}",
        params: ["time"],
    }
    /// Outside its hours, with no opening in sight.
    STATUS_RESTING = "status.resting" { zh: "休息中", en: "Closed now" }
    /// Outside its hours, opening at a time.
    STATUS_RESTING_UNTIL = "status.resting_until" {
        zh: "休息中，{time} 开门",
        en: "Closed now, opens {time}",
        params: ["time"],
    }
    /// Open now; when it closes needs a holiday calendar year that is missing.
    STATUS_OPEN_NEXT_UNKNOWN = "status.open_next_unknown" {
        zh: "营业中，暂时没有{year}年的节假日安排，无法确定何时结束营业",
        en: "Open now; the closing time cannot be told without the {year} holiday schedule",
        params: ["year"],
    }
    /// Resting now; when it opens needs a holiday calendar year that is missing.
    STATUS_RESTING_NEXT_UNKNOWN = "status.resting_next_unknown" {
        zh: "休息中，暂时没有{year}年的节假日安排，无法确定何时开门",
        en: "Closed now; the opening time cannot be told without the {year} holiday schedule",
        params: ["year"],
    }
    /// Whether it is open cannot be told: a holiday calendar year is missing.
    STATUS_UNKNOWN = "status.unknown" {
        zh: "暂时没有{year}年的节假日安排，无法确定是否营业",
        en: "Cannot tell whether it is open: the {year} holiday schedule is not available yet",
        params: ["year"],
    }
    /// The stage before a station serves.
    STATUS_PLANNED = "status.planned" { zh: "筹备中，尚未开放", en: "Not open yet" }
    /// The stage of a temporary stop.
    STATUS_SUSPENDED = "status.suspended" { zh: "暂停服务", en: "Temporarily out of service" }
    /// The stage of a permanent closure.
    STATUS_DECOMMISSIONED = "status.decommissioned" { zh: "已停用", en: "No longer in service" }
    /// A public holiday whose hours differ from the usual.
    STATUS_DAY_HOLIDAY = "status.day.public_holiday" {
        zh: "{holiday}假期",
        en: "{holiday} holiday",
        params: ["holiday"],
    }
    /// A make-up working day (调休) whose hours differ from the usual.
    STATUS_DAY_MAKEUP = "status.day.makeup_workday" {
        zh: "{holiday}调休上班日",
        en: "Make-up working day for {holiday}",
        params: ["holiday"],
    }
    /// Joins the day and the status: `国庆节假期，休息中` / `National Day holiday · Closed now`.
    STATUS_WITH_DAY = "status.with_day" {
        zh: "{day}，{status}",
        en: "{day} · {status}",
        params: ["day", "status"],
    }
    /// A time later the same day.
    TIME_TODAY = "time.today" { zh: "{hm}", en: "at {hm}", params: ["hm"] }
    /// A time the next day.
    TIME_TOMORROW = "time.tomorrow" { zh: "明天 {hm}", en: "at {hm} tomorrow", params: ["hm"] }
    /// A time on a later day of the same year.
    TIME_DAY = "time.day" {
        zh: "{month_zh}月{day}日 {hm}",
        en: "at {hm} on {day} {month_en}",
        params: ["month_zh", "day", "month_en", "hm"],
    }
    /// A time in another year.
    TIME_DAY_YEAR = "time.day_year" {
        zh: "{year}年{month_zh}月{day}日 {hm}",
        en: "at {hm} on {day} {month_en} {year}",
        params: ["year", "month_zh", "day", "month_en", "hm"],
    }
}
