//! The checks of the Little Bee programmes as a courier reads them: gear claims (station, stock,
//! claim period, allowance) and education-event registration (deadline, seats, registered).

use super::Message;

messages! {
    /// The station hands out the item.
    PROGRAMME_STATION_SERVING = "programme.station_serving" {
        zh: "驿站正常服务中",
        en: "the station is in service",
    }
    /// The station does not hand out the item at present.
    PROGRAMME_STATION_NOT_SERVING = "programme.station_not_serving" {
        zh: "该驿站目前不发放此物品",
        en: "the station does not hand out this item now",
    }
    /// The station is open.
    PROGRAMME_STATION_OPEN = "programme.station_open" {
        zh: "驿站营业中",
        en: "the station is open now",
    }
    /// The station is outside its hours.
    PROGRAMME_STATION_RESTING = "programme.station_resting" {
        zh: "驿站休息中",
        en: "the station is closed now",
    }
    /// Whether the station is open cannot be told.
    PROGRAMME_STATION_OPEN_UNKNOWN = "programme.station_open_unknown" {
        zh: "暂时没有节假日安排，无法确定驿站是否营业",
        en: "cannot tell whether the station is open: the holiday schedule is not available yet",
    }
    /// How many of the item the station has.
    PROGRAMME_IN_STOCK = "programme.in_stock" {
        zh: "库存{stock}件",
        en: "{stock} in stock",
        params: ["stock"],
    }
    /// The claim period the day falls in.
    PROGRAMME_CLAIM_PERIOD = "programme.claim_period" {
        zh: "领取期为{first}至{last}",
        en: "claim period {first} to {last}",
        params: ["first", "last"],
    }
    /// The day is in no claim period.
    PROGRAMME_OUTSIDE_CLAIM_PERIOD = "programme.outside_claim_period" {
        zh: "当前不在领取期内",
        en: "outside every claim period",
    }
    /// How many were claimed this period, against the allowance.
    PROGRAMME_WITHIN_ALLOWANCE = "programme.allowance" {
        zh: "本领取期已领取{used}件，每期限领{allowed}件",
        en: "{used} claimed this period, {allowed} allowed",
        params: ["used", "allowed"],
    }
    /// Registration is open until an instant.
    PROGRAMME_REGISTRATION_OPEN = "programme.registration_open" {
        zh: "报名截止时间为{closes}",
        en: "registration closes {closes}",
        params: ["closes"],
    }
    /// Registration closed at an instant.
    PROGRAMME_REGISTRATION_CLOSED = "programme.registration_closed" {
        zh: "报名已于{closes}截止",
        en: "registration closed {closes}",
        params: ["closes"],
    }
    /// Seats left of the event's capacity.
    PROGRAMME_SEATS_LEFT = "programme.seats_left" {
        zh: "剩余名额{left}个，共{capacity}个",
        en: "{left} of {capacity} seats left",
        params: ["left", "capacity"],
    }
    /// The courier has registered already.
    PROGRAMME_ALREADY_REGISTERED = "programme.already_registered" {
        zh: "已报名",
        en: "already registered",
    }
    /// The courier has not registered yet.
    PROGRAMME_NOT_REGISTERED = "programme.not_registered" {
        zh: "尚未报名",
        en: "not registered yet",
    }
}
